import { Injectable } from '@nestjs/common';
import { WeComConfigError } from '../../errors/wecom-config.error.js';
import type { DurableJob } from './durable-connections.js';
import { WeComDurableQueue } from './wecom-durable.queue.js';

/** A durable callback whose attempts are used up, as kept in BullMQ's failed set. */
export interface WeComFailedCallback {
  /** The job id (`wecom-<dedup key>`): what `replay(id)` and `remove(id)` take. */
  readonly id: string;
  readonly app: string;
  /** `text`, `event:change_contact/update_user`, …: see `WECOM_CHANNELS`. */
  readonly type: string;
  /** The callback's dedup key. */
  readonly key: string;
  readonly attemptsMade: number;
  /** The last error's message. */
  readonly failedReason: string;
  readonly enqueuedAt: Date;
  readonly failedAt: Date | undefined;
  /** True when the handlers succeeded and only sending their reply failed: a replay only sends it. */
  readonly replyPending: boolean;
}

/** How many jobs are in each state of the queue. */
export interface WeComDurableCounts {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly completed: number;
}

/**
 * Lists and replays durable callbacks that used up their attempts. Inject it anywhere (an admin
 * controller, a script on `NestFactory.createApplicationContext`):
 *
 * ```ts
 * const failed = await durable.failed();          // newest first
 * await durable.replay(failed[0].id);             // back to the queue, with a fresh set of attempts
 * ```
 */
@Injectable()
export class WeComDurableCallbacks {
  constructor(private readonly durable: WeComDurableQueue) {}

  /** Failed callbacks, newest first; `start`/`end` page through them (inclusive, 0-based, like BullMQ). */
  async failed(range: { start?: number; end?: number } = {}): Promise<WeComFailedCallback[]> {
    const jobs = (await this.queue().getFailed(range.start ?? 0, range.end ?? 99)) as DurableJob[];
    return jobs.filter((job): job is DurableJob => job !== undefined && job !== null).map(describe);
  }

  /** How many callbacks wait in the failed set. */
  countFailed(): Promise<number> {
    return this.queue().getFailedCount();
  }

  async counts(): Promise<WeComDurableCounts> {
    const counts = await this.queue().getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    return { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0, completed: counts.completed ?? 0 };
  }

  /**
   * Puts a failed callback back in the queue with a fresh set of attempts. The handlers run again
   * (or, when only the reply failed to go out, only the reply is sent). Throws for an unknown id or a
   * job that is not in the failed set.
   */
  async replay(id: string): Promise<void> {
    const job = await this.failedJob(id);
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }

  /** Replays every failed callback; resolves with how many were replayed. */
  async replayAll(): Promise<number> {
    let replayed = 0;
    for (;;) {
      const batch = (await this.queue().getFailed(0, 99)) as DurableJob[];
      if (batch.length === 0) return replayed;
      for (const job of batch) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        replayed++;
      }
    }
  }

  /** Drops a failed callback for good. */
  async remove(id: string): Promise<void> {
    const job = await this.failedJob(id);
    await job.remove();
  }

  private async failedJob(id: string): Promise<DurableJob> {
    const job = (await this.queue().getJob(id)) as DurableJob | undefined;
    if (!job) throw new Error(`no durable callback "${id}" in queue "${this.durable.settings!.queueName}"`);
    const state = await job.getState();
    if (state !== 'failed') throw new Error(`durable callback "${id}" is ${state}, not failed: only failed callbacks are replayed or removed`);
    return job;
  }

  private queue() {
    const bull = this.durable.bull;
    if (!bull) throw new WeComConfigError('WeComDurableCallbacks: the module has no durable queue (option "durable").');
    return bull.queue;
  }
}

function describe(job: DurableJob): WeComFailedCallback {
  const data = job.data;
  return {
    id: String(job.id),
    app: data.app,
    type: data.type,
    key: data.key,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason,
    enqueuedAt: new Date(data.enqueuedAt ?? job.timestamp),
    failedAt: job.finishedOn ? new Date(job.finishedOn) : undefined,
    replyPending: data.reply !== undefined,
  };
}
