/** The focusable element of a card on the canvas (React Flow's node wrapper), if it is rendered. */
export function cardElement(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
}

/** The canvas's landmark: where focus rests when no card has it, so the next Tab goes to the tree's first card. */
export function canvasElement(): HTMLElement | null {
  return document.querySelector<HTMLElement>('main.canvas');
}
