/**
 * The ioredis members the durable queue uses: an ioredis `Redis` fits as it is. Typed structurally so
 * that nestjs-wecom does not depend on ioredis' types.
 */
export interface DurableRedisClient {
  duplicate(override?: Record<string, unknown>): unknown;
}

/** Injection token of the validated `durable` option (undefined: the module has no durable queue). */
export const DURABLE_SETTINGS = Symbol('nestjs-wecom:durable-settings');

/** The `durable` option after validation: what the queue, the workers and the policy work with. */
export interface DurableSettings {
  readonly connection: { readonly url: string } | { readonly client: DurableRedisClient };
  /** The module-wide default; an app's own `durable` and a handler's `{ durable }` come first. */
  readonly byDefault: boolean;
  /** Each app's own default, where it gave one. */
  readonly appDefaults: ReadonlyMap<string, boolean>;
  readonly workers: boolean;
  readonly routes: boolean;
  readonly concurrency: number;
  readonly attempts: number;
  readonly backoff: { readonly type: 'exponential' | 'fixed'; readonly delayMs: number };
  readonly queueName: string;
  readonly prefix: string;
  readonly keepCompletedSeconds: number;
  readonly keepFailedSeconds: number | undefined;
  readonly enqueueTimeoutMs: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  /** The module's `shutdownTimeoutMs`: how long a closing worker lets running jobs finish. */
  readonly shutdownTimeoutMs: number;
}

export const DEFAULT_DURABLE_QUEUE_NAME = 'nestjs-wecom';
export const DEFAULT_DURABLE_PREFIX = 'bull';
export const DEFAULT_DURABLE_CONCURRENCY = 10;
export const DEFAULT_DURABLE_ATTEMPTS = 5;
export const DEFAULT_DURABLE_BACKOFF = { type: 'exponential', delayMs: 1000 } as const;
/** Well inside the ack deadline (4000 ms), which also covers the dedup claim. */
export const DEFAULT_ENQUEUE_TIMEOUT_MS = 2000;
/** BullMQ's own defaults. */
export const DEFAULT_LOCK_DURATION_MS = 30_000;
export const DEFAULT_STALLED_INTERVAL_MS = 30_000;
