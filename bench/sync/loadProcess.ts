/**
 * What every load generator process does the same way (`loadgen.ts`, `rawLoad.ts`): wait for the benchmark's word on
 * stdin, and once the load is over, write its figures with its own CPU time and event-loop delay, then say `done`.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import readline from 'node:readline';
import type { LoadResult } from './loadgen';

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/** Resolves when the benchmark says `word`; exits if it never will (stdin closed). */
export async function waitForWord(word: string): Promise<void> {
  for (;;) {
    const { value, done } = await lines.next();
    if (done) process.exit(1);
    if ((value as string).trim() === word) return;
  }
}

/** Starts measuring this process (call at `go`); the function it returns writes the figures to `out` and says `done`. */
export function startMeasuring(): (out: string, figures: Omit<LoadResult, 'cpuMs' | 'loopDelayP99'>) => void {
  const cpuBefore = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  return (out, figures) => {
    const cpu = process.cpuUsage(cpuBefore);
    const round = (values: number[]) => values.map((value) => Math.round(value * 100) / 100);
    const result: LoadResult = {
      ...figures,
      latencies: round(figures.latencies),
      acks: round(figures.acks),
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    fs.writeFileSync(out, JSON.stringify(result));
    process.stdout.write('done\n');
  };
}
