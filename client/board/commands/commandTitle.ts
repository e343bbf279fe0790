import { keyLabel } from './matchKey';
import { BOARD_COMMANDS } from './boardCommands';

/** A button's title from the command it runs: its label and its key (`Ask why under the card (Tab)`). */
export function commandTitle(id: string): string {
  const command = BOARD_COMMANDS.find((candidate) => candidate.id === id);
  if (!command) throw new Error(`No board command "${id}".`);
  const key = command.keys.selected?.[0] ?? command.keys.typing?.[0];
  return key ? `${command.label} (${keyLabel(key)})` : command.label;
}
