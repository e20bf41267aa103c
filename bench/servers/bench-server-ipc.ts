import type { LogLevel } from '@nestjs/common';

/**
 * The child's side of bench/support/server-process.mjs: says which port it listens on, answers
 * memory questions, and exits cleanly on request (a clean exit is what makes --cpu-prof write its
 * profile).
 */
export interface BenchServerControl {
  readonly port: number;
  close(): Promise<void>;
  /** How many callbacks its handlers ran (servers that handle callbacks): repeats are answered without it. */
  stats?(): { handled: number };
}

/** Every Nest server of the bench logs the same levels: what a production app keeps (no debug/verbose). */
export const BENCH_NEST_LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log'];

export function reportReady(server: BenchServerControl): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('bench servers are started by bench/run.mjs (they need its IPC channel)');
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'memory') {
      // maxRSS is in KiB (getrusage): the peak resident set since the process started.
      send({ type: 'memory', rss: process.memoryUsage.rss(), peakRss: process.resourceUsage().maxRSS * 1024 });
    } else if (message?.type === 'stats') {
      // CPU time (user + system, µs) is what a request costs the server whatever else runs on the machine.
      const cpu = process.cpuUsage();
      send({ type: 'stats', handled: server.stats?.().handled ?? null, cpuMicros: cpu.user + cpu.system });
    } else if (message?.type === 'stop') {
      void server.close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: server.port });
}
