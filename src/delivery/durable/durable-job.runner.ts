import { Inject, Injectable, Logger } from '@nestjs/common';
import { WeComAppRegistry } from '../../apps/wecom-app.registry.js';
import { WeComCallbackEndpoints } from '../../families/callback-endpoints.js';
import type { InboundCallback } from '../../families/inbound-callback.js';
import { publish } from '../../observability/wecom-channels.js';
import { WECOM_SPANS, WeComTracer } from '../../observability/wecom-tracer.js';
import { WeComCallbackDispatcher } from '../../routing/callback.dispatcher.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import { readJob, type DurableJobData } from './durable-job.js';
import { DURABLE_REPLY_SENDER, WeComDurableReplyError, type DurableReplySender, type PreparedReply } from './durable-reply.sender.js';
import type { DurablePolicy } from './durable-policy.js';

/** The part of a BullMQ job the runner uses. */
export interface RunnableJob {
  readonly id?: string;
  readonly data: unknown;
  readonly attemptsMade: number;
  updateData(data: DurableJobData): Promise<void>;
}

/** A failure that no retry can fix: the job goes straight to the failed set (BullMQ's UnrecoverableError). */
export class DurableJobUnrecoverable extends Error {
  override readonly name = 'DurableJobUnrecoverable';
}

/**
 * One attempt of a durable job: rebuilds the InboundCallback from the stored plaintext with the app's
 * own family and route table, runs only the durable matches through the dispatcher (guards,
 * interceptors and filters included), then sends the reply, if any (the app's active API client, or
 * an AI bot's response_url).
 */
@Injectable()
export class DurableJobRunner {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(
    private readonly registry: WeComAppRegistry,
    private readonly endpoints: WeComCallbackEndpoints,
    private readonly dispatcher: WeComCallbackDispatcher,
    private readonly tracer: WeComTracer,
    @Inject(DURABLE_REPLY_SENDER) private readonly replies: DurableReplySender,
  ) {}

  async run(job: RunnableJob, policy: DurablePolicy, attempts: number): Promise<void> {
    let data: DurableJobData;
    try {
      data = readJob(job.data);
    } catch (error) {
      throw new DurableJobUnrecoverable(`job ${job.id}: ${(error as Error).message}`);
    }
    const app = this.registry.get(data.app);
    if (!app) throw new DurableJobUnrecoverable(`job ${job.id} belongs to app "${data.app}", which this process does not configure`);
    const attempt = job.attemptsMade + 1;
    const identity = { app: app.name, kind: app.kind, type: data.type, key: data.key, jobId: job.id, attempt };
    const attributes = { 'wecom.app': app.name, 'wecom.kind': app.kind, 'wecom.type': data.type, 'wecom.dedup_key': data.key, 'wecom.job_id': job.id, 'wecom.attempt': attempt };

    await this.tracer.inSpan(WECOM_SPANS.process, { kind: 'consumer', attributes, parent: data.trace }, async () => {
      const endpoint = this.endpoints.get(app.name)!;
      let rebuilt: InboundCallback;
      try {
        // The request path's own construction: the family's parse, the same ctx, the app's route table.
        rebuilt = this.endpoints.inbound(endpoint, data);
      } catch (error) {
        throw new DurableJobUnrecoverable(`job ${job.id}: its plaintext no longer parses (${(error as Error).message})`);
      }
      const { payload } = rebuilt;
      if (data.reply) {
        // The handlers already succeeded on an earlier attempt; only their reply is still to be sent.
        await this.send(job, rebuilt, data.reply);
        return;
      }
      const matches = policy.durableMatches(app.name, payload, rebuilt.matches);
      if (matches.length === 0) {
        this.logger.warn(`[${app.name}] job ${job.id} (${data.type}): no durable handler matches it any more; nothing to run`);
        return;
      }
      const inbound: InboundCallback = { ...rebuilt, matches };
      const started = performance.now();
      let reply;
      try {
        reply = await this.dispatcher.dispatch(inbound, matches);
      } catch (error) {
        publish('failed', () => ({ ...identity, via: 'queue', durationMs: performance.now() - started, errorName: errorName(error), willRetry: attempt < attempts }));
        throw error;
      }
      publish('handled', () => ({ ...identity, via: 'queue', durationMs: performance.now() - started, replied: reply !== undefined }));
      if (!reply) return;
      let prepared;
      try {
        prepared = await this.replies.prepare(inbound, reply);
      } catch (error) {
        if (error instanceof WeComDurableReplyError) throw new DurableJobUnrecoverable(`job ${job.id}: ${error.message}`);
        throw error;
      }
      if (!prepared) {
        this.logger.warn(`[${app.name}] a durable handler's reply to ${data.type} is ignored: instruction callbacks are answered "success" only`);
        return;
      }
      // Stored before the send: a send that fails is retried without running the handlers again.
      await job.updateData({ ...data, reply: prepared });
      await this.send(job, inbound, prepared);
    });
  }

  private async send(job: RunnableJob, inbound: InboundCallback, prepared: PreparedReply): Promise<void> {
    try {
      await this.replies.send(inbound, prepared);
    } catch (error) {
      if (error instanceof WeComDurableReplyError) throw new DurableJobUnrecoverable(`job ${job.id}: ${error.message}`);
      throw error;
    }
  }
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
