import { DEFAULT_SHUTDOWN_TIMEOUT_MS, defaultDedupTtlSeconds } from '../delivery/dedup/dedup.constants.js';
import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS } from '../wecom.constants.js';
import { WeComConfigError } from '../errors/wecom-config.error.js';
import type { WeComModuleOptions } from './wecom-options.interface.js';
import {
  DEFAULT_DURABLE_ATTEMPTS,
  DEFAULT_DURABLE_BACKOFF,
  DEFAULT_DURABLE_CONCURRENCY,
  DEFAULT_DURABLE_PREFIX,
  DEFAULT_DURABLE_QUEUE_NAME,
  DEFAULT_ENQUEUE_TIMEOUT_MS,
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_STALLED_INTERVAL_MS,
  type DurableSettings,
} from '../delivery/durable/durable-settings.js';

const KNOWN = new Set([
  'url', 'client', 'byDefault', 'workers', 'routes', 'concurrency', 'attempts', 'backoff', 'queueName', 'prefix',
  'keepCompletedSeconds', 'keepFailedSeconds', 'enqueueTimeoutMs', 'lockDurationMs', 'stalledIntervalMs',
]);

/**
 * Validates the `durable` option once, at boot. Undefined when the module has no queue; an app that
 * asks for durable handlers without one is refused here, and a durable handler without one by the policy.
 */
export function resolveDurable(options: WeComModuleOptions): DurableSettings | undefined {
  const fail = (option: string, problem: string): never => {
    throw new WeComConfigError(`WeComModule: option "${option}" ${problem}`);
  };
  const appDefaults = new Map<string, boolean>();
  for (const app of options.apps ?? []) {
    const flag = (app as { durable?: unknown } | undefined)?.durable;
    if (flag === undefined) continue;
    if (typeof flag !== 'boolean') fail(`apps[${app.name}].durable`, `must be true or false (got ${String(flag)}).`);
    appDefaults.set(app.name, flag as boolean);
  }
  const durable = options.durable;
  if (durable === undefined) {
    const asking = [...appDefaults].find(([, flag]) => flag);
    if (asking) {
      fail(`apps[${asking[0]}].durable`, 'is true, but the module has no durable queue: add durable: { url: "redis://…" } (and npm install bullmq ioredis).');
    }
    return undefined;
  }
  if (typeof durable !== 'object' || durable === null || Array.isArray(durable)) {
    return fail('durable', `must be an object { url | client, … } (got ${String(durable)}).`);
  }
  for (const key of Object.keys(durable)) {
    if (!KNOWN.has(key)) fail(`durable.${key}`, `is not an option of durable; the options are ${[...KNOWN].join(', ')}.`);
  }
  const { url, client } = durable;
  if ((url === undefined) === (client === undefined)) {
    fail('durable', 'needs exactly one of url ("redis://host:6379", the Redis the queue lives in) or client (an ioredis client you own).');
  }
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    fail('durable.url', `must start with redis:// or rediss:// (got "${String(url)}").`);
  }
  if (client !== undefined && typeof (client as { duplicate?: unknown })?.duplicate !== 'function') {
    fail('durable.client', 'must be an ioredis client (new Redis(…)): the queue uses duplicates of it.');
  }
  const flag = (name: 'byDefault' | 'workers' | 'routes', fallback: boolean): boolean => {
    const value = durable[name] ?? fallback;
    if (typeof value !== 'boolean') fail(`durable.${name}`, `must be true or false (got ${String(value)}).`);
    return value;
  };
  const whole = (name: string, value: unknown, fallback: number, min: number): number => {
    const chosen = value ?? fallback;
    if (!(typeof chosen === 'number' && Number.isInteger(chosen) && chosen >= min)) fail(`durable.${name}`, `must be a whole number ≥ ${min} (got ${String(chosen)}).`);
    return chosen as number;
  };

  const backoff = durable.backoff ?? DEFAULT_DURABLE_BACKOFF;
  if (typeof backoff !== 'object' || backoff === null || (backoff.type !== 'exponential' && backoff.type !== 'fixed')) {
    fail('durable.backoff', `must be { type: 'exponential' | 'fixed', delayMs } (got ${JSON.stringify(backoff)}).`);
  }
  whole('backoff.delayMs', backoff.delayMs, 0, 0);

  const name = durable.queueName ?? DEFAULT_DURABLE_QUEUE_NAME;
  if (typeof name !== 'string' || name === '' || name.includes(':')) fail('durable.queueName', `must be a non-empty string without ":" (got ${JSON.stringify(name)}); BullMQ refuses ":" in queue names.`);
  const prefix = durable.prefix ?? DEFAULT_DURABLE_PREFIX;
  if (typeof prefix !== 'string' || prefix === '') fail('durable.prefix', `must be a non-empty string (got ${JSON.stringify(prefix)}).`);

  const tolerance = typeof options.timestampToleranceSeconds === 'number' ? options.timestampToleranceSeconds : DEFAULT_TIMESTAMP_TOLERANCE_SECONDS;
  const dedupTtl = (options.dedup && options.dedup.ttlSeconds) || defaultDedupTtlSeconds(tolerance);
  const keepCompletedSeconds = whole('keepCompletedSeconds', durable.keepCompletedSeconds, Math.ceil(dedupTtl), 1);
  const keepFailedSeconds = durable.keepFailedSeconds === undefined ? undefined : whole('keepFailedSeconds', durable.keepFailedSeconds, 0, 1);

  const ack = options.ackTimeoutMs;
  const enqueueTimeoutMs = whole('enqueueTimeoutMs', durable.enqueueTimeoutMs, DEFAULT_ENQUEUE_TIMEOUT_MS, 1);
  if (typeof ack === 'number' && enqueueTimeoutMs >= ack) {
    fail('durable.enqueueTimeoutMs', `(${enqueueTimeoutMs}) must be below ackTimeoutMs (${ack}): the write to the queue happens before WeCom is answered.`);
  }
  const lockDurationMs = whole('lockDurationMs', durable.lockDurationMs, DEFAULT_LOCK_DURATION_MS, 1000);
  const stalledIntervalMs = whole('stalledIntervalMs', durable.stalledIntervalMs, DEFAULT_STALLED_INTERVAL_MS, 500);

  return {
    connection: url !== undefined ? { url } : { client: client! },
    byDefault: flag('byDefault', false),
    appDefaults,
    workers: flag('workers', true),
    routes: flag('routes', true),
    concurrency: whole('concurrency', durable.concurrency, DEFAULT_DURABLE_CONCURRENCY, 1),
    attempts: whole('attempts', durable.attempts, DEFAULT_DURABLE_ATTEMPTS, 1),
    backoff: { type: backoff.type, delayMs: backoff.delayMs },
    queueName: name,
    prefix,
    keepCompletedSeconds,
    keepFailedSeconds,
    enqueueTimeoutMs,
    lockDurationMs,
    stalledIntervalMs,
    shutdownTimeoutMs: typeof options.shutdownTimeoutMs === 'number' ? options.shutdownTimeoutMs : DEFAULT_SHUTDOWN_TIMEOUT_MS,
  };
}
