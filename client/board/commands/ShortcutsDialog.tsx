import { Fragment, useEffect, useRef } from 'react';
import type { KeyMode } from './BoardCommand';
import { BOARD_COMMANDS } from './boardCommands';
import { keyLabel } from './matchKey';

/** The dialog's sections: where the keyboard is when the keys work. */
const MODES: Array<[KeyMode, string]> = [
  ['selected', 'On the board'],
  ['typing', 'While typing in a card'],
  ['letter', 'In the letter'],
];

/**
 * The `?` dialog: every command of the board's table with its keys, by where the keyboard is (on the board, typing in
 * a card, in the letter). A native modal dialog, so focus stays in it and Escape closes it.
 */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Older engines (and jsdom) lack showModal: the open attribute still shows it, without the modal focus trap.
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      {MODES.map(([mode, heading]) => (
        <section key={mode} aria-labelledby={`shortcuts-${mode}`}>
          <h3 id={`shortcuts-${mode}`} style={{ fontSize: 14, margin: '14px 0 2px' }}>
            {heading}
          </h3>
          <table className="shortcuts" aria-labelledby={`shortcuts-${mode}`}>
            <tbody>
              {BOARD_COMMANDS.filter((command) => command.keys[mode]).map((command) => (
                <tr key={command.id} data-command={command.id}>
                  <th scope="row">
                    {command.keys[mode]!.map((binding, index) => (
                      <Fragment key={binding}>
                        {index > 0 && ' '}
                        <kbd>{keyLabel(binding)}</kbd>
                      </Fragment>
                    ))}
                  </th>
                  <td>{command.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <form method="dialog">
        <button type="submit" className="button button-primary">
          Close
        </button>
      </form>
    </dialog>
  );
}
