/**
 * Loaded with `--import` into each server process the benchmark starts (with `--expose-gc`): on a `memory` line on
 * stdin it collects garbage and prints the process's memory use as one JSON line, so memory per connection counts
 * live objects rather than garbage not yet collected.
 */
import readline from 'node:readline';

const gc = (globalThis as { gc?: () => void }).gc;
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'memory') return;
  gc?.();
  gc?.();
  process.stdout.write(`${JSON.stringify({ memory: process.memoryUsage() })}\n`);
});
