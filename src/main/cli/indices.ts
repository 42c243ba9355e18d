import { UsageError } from './args.js';
import type { CommandName } from './usage.js';

/** Dataset indices come from the user: out of range is a bad argument (exit 2), named by its flag. */
export function checkIndex(command: CommandName, flag: string, index: number, count: number): void {
  if (index >= count) {
    throw new UsageError(`--${flag} ${index} is out of range: the dataset has images 0..${count - 1}`, command);
  }
}
