import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppProcess } from './app-process.js';
import type { FaultAppSettings } from './fault-app-settings.js';
import { Ledger } from './ledger.js';
import { RedisProcess, type RedisPersistence } from './redis-process.js';

/** `full` reproduces the issue's setting; `quick` is the bounded variant `npm test` runs. */
export type Scale = 'full' | 'quick';

export interface RowResult {
  /** What this run measured, in words, for the table. */
  readonly figures: string;
  /** The same figures as numbers, for specs and --json. */
  readonly numbers: Readonly<Record<string, number>>;
}

export interface FaultRow {
  readonly id: string;
  /** The fault, as the issue's table names it. */
  readonly fault: string;
  /** The issue's figures on main 0e62ce9, before this work. */
  readonly issue: string;
  run(scale: Scale): Promise<RowResult>;
}

/**
 * Everything one row starts, stopped by PID in reverse order however the row ends, plus a scratch
 * directory for the ledger.
 */
export class Lab {
  private readonly stops: Array<() => Promise<void>> = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'nestjs-wecom-faults-'));
  readonly ledger = new Ledger(join(this.dir, 'ledger.log'));

  static async run<T>(body: (lab: Lab) => Promise<T>): Promise<T> {
    const lab = new Lab();
    try {
      return await body(lab);
    } finally {
      for (const stop of lab.stops.reverse()) await stop().catch(() => undefined);
      rmSync(lab.dir, { recursive: true, force: true });
    }
  }

  async redis(persistence: RedisPersistence = 'none'): Promise<RedisProcess> {
    const redis = await RedisProcess.start(persistence);
    this.stops.push(() => redis.stop());
    return redis;
  }

  async app(settings: Omit<FaultAppSettings, 'ledger'>): Promise<AppProcess> {
    const app = await AppProcess.start({ ...settings, ledger: this.ledger.file });
    this.stops.push(() => app.kill());
    return app;
  }

  /** Several replicas, started side by side. */
  apps(count: number, settings: Omit<FaultAppSettings, 'ledger'>): Promise<AppProcess[]> {
    return Promise.all(Array.from({ length: count }, () => this.app(settings)));
  }
}

/** Resolves once `condition` holds (checked every 20 ms), or rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Counts of each outcome over a set of attempts: `{ 200: 47, 503: 3, reset: 2 }`. */
export function statusCounts(statuses: Iterable<number | string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[String(status)] = (counts[String(status)] ?? 0) + 1;
  return counts;
}

export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
}
