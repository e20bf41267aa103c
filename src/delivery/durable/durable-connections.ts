import { WeComConfigError } from '../../errors/wecom-config.error.js';
import type { DurableJobData } from './durable-job.js';
import type { DurableSettings } from './durable-settings.js';

/**
 * The part of bullmq the module uses, loaded lazily so that apps without durable handlers never need
 * it. Declared structurally, so that the package's type declarations never name bullmq (a user without
 * it still compiles); a typecheck test pins bullmq's own classes to these shapes.
 */
export interface BullMQ {
  Queue: new (name: string, options: { connection: never; prefix: string }) => DurableQueue;
  Worker: new (name: string, processor: (job: DurableJob) => Promise<void>, options: Record<string, unknown> & { connection: never }) => DurableWorker;
  UnrecoverableError: new (message: string) => Error;
}

/** A BullMQ job of the durable queue, as the module reads it. */
export interface DurableJob {
  readonly id?: string;
  readonly data: DurableJobData;
  readonly attemptsMade: number;
  readonly failedReason: string;
  readonly finishedOn?: number;
  readonly timestamp: number;
  updateData(data: DurableJobData): Promise<void>;
  retry(state?: 'completed' | 'failed', options?: { resetAttemptsMade?: boolean; resetAttemptsStarted?: boolean }): Promise<void>;
  remove(): Promise<void>;
  getState(): Promise<string>;
}

export interface DurableQueue {
  add(name: string, data: DurableJobData, options: Record<string, unknown>): Promise<unknown>;
  getJob(id: string): Promise<unknown>;
  getFailed(start?: number, end?: number): Promise<unknown[]>;
  getFailedCount(): Promise<number>;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): Promise<void>;
}

export interface DurableWorker {
  on(event: 'failed', listener: (job: DurableJob | undefined, error: Error) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(force?: boolean): Promise<void>;
}

export async function loadBullmq(): Promise<BullMQ> {
  try {
    const loaded = (await import('bullmq')) as unknown as BullMQ & { default?: BullMQ };
    return loaded.Queue ? loaded : (loaded.default as BullMQ);
  } catch (error) {
    throw new WeComConfigError(
      `WeComModule: option "durable" needs the optional packages bullmq and ioredis: npm install bullmq ioredis (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

/**
 * An ioredis connection as the role needs it. BullMQ's ESM build cannot load ioredis by itself (it
 * has no `require`), so the module always hands it a constructed client.
 * - `producer` (the request path and the failed-callback API): fails fast. A command not answered in
 *   time fails (WeCom gets a 503 and retries), and commands issued while Redis is away are dropped
 *   after one reconnection attempt instead of piling up (one issued while it connects at boot waits).
 * - `worker`: `maxRetriesPerRequest: null`, as BullMQ requires for its blocking commands: it waits
 *   for Redis to come back instead of failing.
 */
export async function openRedis(settings: DurableSettings, role: 'producer' | 'worker'): Promise<RedisLike> {
  const overrides: Record<string, unknown> =
    role === 'producer'
      ? { maxRetriesPerRequest: 1, commandTimeout: settings.enqueueTimeoutMs }
      : { maxRetriesPerRequest: null, enableOfflineQueue: true };
  const { connection } = settings;
  let client: RedisLike;
  if ('client' in connection) {
    client = connection.client.duplicate(overrides) as RedisLike;
  } else {
    let Redis: new (url: string, options: Record<string, unknown>) => RedisLike;
    try {
      ({ Redis } = (await import('ioredis')) as unknown as { Redis: typeof Redis });
    } catch (error) {
      throw new WeComConfigError(`WeComModule: option "durable" needs the optional package ioredis: npm install ioredis (${error instanceof Error ? error.message : String(error)}).`);
    }
    client = new Redis(connection.url, overrides);
  }
  // Without a listener ioredis prints every reconnection failure; BullMQ's own 'error' events are logged instead.
  client.on('error', () => undefined);
  return client;
}

/** The ioredis members used here. */
export interface RedisLike {
  on(event: 'error', listener: (error: Error) => void): unknown;
  ping(): Promise<string>;
  quit(): Promise<unknown>;
  disconnect(): void;
  readonly status: string;
}
