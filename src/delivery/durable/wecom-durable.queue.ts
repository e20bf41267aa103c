import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { WeComDurableQueueUnavailableError } from '../../errors/durable-queue-unavailable.error.js';
import type { InboundCallback } from '../../families/inbound-callback.js';
import { publish } from '../../observability/wecom-channels.js';
import { WECOM_SPANS, WeComTracer } from '../../observability/wecom-tracer.js';
import type { RouteMatch } from '../../routing/route-table.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import { loadBullmq, openRedis, type BullMQ, type DurableQueue, type RedisLike } from './durable-connections.js';
import type { DurableHandoff } from '../durable-handoff.js';
import { durableJobId, encodeJob } from './durable-job.js';
import { DurablePolicy } from './durable-policy.js';
import { DURABLE_SETTINGS, type DurableSettings } from './durable-settings.js';

/**
 * The producer side of the durable queue: loads bullmq at boot, opens a fail-fast Redis connection
 * and the BullMQ `Queue`, and writes callbacks to it for the
 * request path (the DurableHandoff). Without the `durable` option it holds nothing and says so fast.
 */
@Injectable()
export class WeComDurableQueue implements DurableHandoff, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private readonly policyOf: DurablePolicy;
  private bullmq: BullMQ | undefined;
  private connection: RedisLike | undefined;
  private queue: DurableQueue | undefined;

  constructor(
    @Inject(DURABLE_SETTINGS) private readonly resolved: DurableSettings | undefined,
    private readonly tracer: WeComTracer,
  ) {
    this.policyOf = new DurablePolicy(resolved);
  }

  async onModuleInit(): Promise<void> {
    if (this.resolved) this.bullmq = await loadBullmq();
  }

  /** Connects the producer; called at bootstrap once the durable handlers passed their checks, so a refused boot leaves no connection behind. */
  async open(): Promise<void> {
    if (!this.resolved || !this.bullmq || this.queue) return;
    this.connection = await openRedis(this.resolved, 'producer');
    const { queueName, prefix } = this.resolved;
    this.queue = new this.bullmq.Queue(queueName, { connection: this.connection as never, prefix });
    // Redis errors repeat on every reconnection attempt: one line every ten seconds is enough.
    let lastLog = 0;
    this.queue.on('error', (error) => {
      if (Date.now() - lastLog < 10_000) return;
      lastLog = Date.now();
      this.logger.error(`durable queue: ${error.message}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const queue = this.queue;
    this.queue = undefined;
    await queue?.close().catch(() => undefined);
    await this.connection?.quit().catch(() => this.connection?.disconnect());
    this.connection = undefined;
  }

  /** The validated settings; undefined when the module has no `durable` option. */
  get settings(): DurableSettings | undefined {
    return this.resolved;
  }

  get policy(): DurablePolicy {
    return this.policyOf;
  }

  /** The loaded bullmq module and the producer's Queue, for the workers and the failed-callback API. */
  get bull(): { bullmq: BullMQ; queue: DurableQueue; connection: RedisLike } | undefined {
    return this.bullmq && this.queue && this.connection ? { bullmq: this.bullmq, queue: this.queue, connection: this.connection } : undefined;
  }

  durableMatches(inbound: InboundCallback): readonly RouteMatch[] {
    return this.policyOf.durableMatches(inbound.app.name, inbound.payload, inbound.matches);
  }

  async enqueue(key: string, inbound: InboundCallback, durableMatches: readonly RouteMatch[]): Promise<void> {
    const settings = this.resolved;
    const queue = this.queue;
    if (!settings || !queue) throw new WeComDurableQueueUnavailableError('the module has no durable queue (option "durable")');
    const jobId = durableJobId(key);
    const started = performance.now();
    const attributes = { 'wecom.app': inbound.app.name, 'wecom.kind': inbound.app.kind, 'wecom.dedup_key': key, 'wecom.job_id': jobId };
    await this.tracer.inSpan(WECOM_SPANS.enqueue, { kind: 'producer', attributes }, async () => {
      const data = encodeJob(key, inbound, this.tracer.injectContext());
      const added = queue.add(data.type, data, {
        jobId,
        attempts: settings.attempts,
        backoff: { type: settings.backoff.type, delay: settings.backoff.delayMs },
        // The id outlives the run for the dedup window: a late copy of the callback adds nothing.
        removeOnComplete: { age: settings.keepCompletedSeconds },
        removeOnFail: settings.keepFailedSeconds === undefined ? false : { age: settings.keepFailedSeconds },
      });
      try {
        await withTimeout(added, settings.enqueueTimeoutMs);
      } catch (error) {
        // A write that lands after the timeout is harmless: WeCom's retry finds the same job id.
        added.catch(() => undefined);
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error(`[${inbound.app.name}] could not queue ${data.type} (${key}) for its durable handlers (${reason}): answering 503 so WeCom retries`);
        throw new WeComDurableQueueUnavailableError(reason);
      }
      publish('enqueued', () => ({
        app: inbound.app.name,
        kind: inbound.app.kind,
        type: data.type,
        key,
        jobId,
        handlers: durableMatches.length,
        durationMs: performance.now() - started,
      }));
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms (durable.enqueueTimeoutMs)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
