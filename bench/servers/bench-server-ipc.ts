import type { LogLevel } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * The child's side of bench/support/server-process.mjs: says which port it listens on, answers
 * memory and stats questions, runs the V8 CPU profiler between `profile-start` and `profile-stop`
 * (so a --profile covers the measured rounds, not the boot), and exits cleanly on request.
 */
export interface BenchServerControl {
  readonly port: number;
  close(): Promise<void>;
  /** How many callbacks its handlers ran (servers that handle callbacks): repeats are answered without it. */
  stats?(): { handled: number };
}

/** Every Nest server of the bench logs the same levels: what a production app keeps (no debug/verbose). */
export const BENCH_NEST_LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log'];

let profiler: Session | undefined;

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
    } else if (message?.type === 'profile-start') {
      profiler ??= new Session();
      profiler.connect();
      profiler.post('Profiler.enable', () => profiler!.post('Profiler.start', () => send({ type: 'profile-started' })));
    } else if (message?.type === 'profile-stop') {
      const file = (message as { file?: string }).file as string;
      profiler?.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile));
        profiler?.disconnect();
        send({ type: 'profile-stopped', file: error ? null : file });
      });
    } else if (message?.type === 'stop') {
      void server.close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: server.port });
}
