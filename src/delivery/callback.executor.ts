import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CLAIM_LEASE_MARGIN_MS, JOIN_POLL_INTERVAL_MS, WECOM_RESPONSE_TIMEOUT_MS } from './dedup/dedup.constants.js';
import { dedupKey } from './dedup/dedup-key.js';
import { decodeRecord, encodeRecord, PENDING_RECORD, type DedupRecord } from './dedup/dedup-record.js';
import { WeComDedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error.js';
import { replyTypeOf, type HandlerReply } from '../families/handler-reply.js';
import { describeCallback } from '../families/describe-callback.js';
import { WeComCallbackDispatcher } from '../routing/callback.dispatcher.js';
import { LOGGER_CONTEXT } from '../wecom.constants.js';
import { CallbackRun, type RunObserver } from './callback-run.js';
import { DeadlineQueue } from './deadline-queue.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from './delivery-settings.js';
import { InFlightTracker } from './in-flight.tracker.js';
import type { InboundCallback } from '../families/inbound-callback.js';

type Dedup = Exclude<DeliverySettings['dedup'], false>;

/**
 * Runs a verified callback's handlers and yields the reply to send, with WeCom's delivery semantics
 * (PROTOCOL.md §3.2) around the dispatch:
 * - each callback runs once: a duplicate joins the run in progress or gets the recorded reply;
 * - WeCom is answered by the ack deadline, with an empty 200 if the handlers are still running;
 * - a failed run is forgotten, so WeCom's retry runs it again;
 * - shutdown waits (bounded) for runs still going.
 */
@Injectable()
export class WeComCallbackExecutor implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  /** Runs owned by this process, by dedup key: a local duplicate shares the promise. */
  private readonly running = new Map<string, CallbackRun>();
  private readonly inFlight = new InFlightTracker();
  /** The ack deadlines of the requests waiting on a run, all on one timer. */
  private readonly deadlines = new DeadlineQueue();

  constructor(
    private readonly dispatcher: WeComCallbackDispatcher,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  onModuleInit(): void {
    const { ackTimeoutMs } = this.settings;
    if (ackTimeoutMs !== false && ackTimeoutMs >= WECOM_RESPONSE_TIMEOUT_MS) {
      this.logger.warn(`ackTimeoutMs is ${ackTimeoutMs}: WeCom gives up after ${WECOM_RESPONSE_TIMEOUT_MS} ms and retries, so slow handlers will see retries.`);
    }
  }

  execute(inbound: InboundCallback): Promise<HandlerReply | undefined> {
    const { ackTimeoutMs, dedup } = this.settings;
    const deadlineAt = ackTimeoutMs === false ? undefined : Date.now() + ackTimeoutMs;
    if (!dedup) return this.answerAsOwner(this.start(inbound, undefined), inbound, deadlineAt);
    return this.claimOrJoin(inbound, dedupKey(inbound, dedup.key), dedup, deadlineAt);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const { shutdownTimeoutMs } = this.settings;
    this.logger.log(`waiting up to ${shutdownTimeoutMs} ms for ${this.inFlight.size} WeCom callback(s) still being handled`);
    if (!(await this.inFlight.drain(shutdownTimeoutMs))) {
      this.logger.warn(`${this.inFlight.size} WeCom callback(s) still being handled after ${shutdownTimeoutMs} ms (shutdownTimeoutMs); shutting down anyway`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const dedup = this.settings?.dedup;
    if (dedup && dedup.store.close) await dedup.store.close();
  }

  private async claimOrJoin(inbound: InboundCallback, key: string, dedup: Dedup, deadlineAt: number | undefined): Promise<HandlerReply | undefined> {
    for (;;) {
      const local = this.running.get(key);
      if (local) return this.answerAsJoiner(local, inbound, deadlineAt);
      let claimed: boolean;
      try {
        claimed = await dedup.store.setIfAbsent(key, PENDING_RECORD, this.claimLeaseMs(dedup));
      } catch (error) {
        return this.onStoreFailure(error, inbound, key, deadlineAt);
      }
      if (claimed) return this.answerAsOwner(this.start(inbound, key), inbound, deadlineAt);

      const startedHere = this.running.get(key); // while we waited on the store
      if (startedHere) return this.answerAsJoiner(startedHere, inbound, deadlineAt);
      let found: DedupRecord | 'absent' | 'timed-out';
      try {
        found = await this.awaitRecord(key, dedup, deadlineAt ?? Date.now() + WECOM_RESPONSE_TIMEOUT_MS);
      } catch (error) {
        return this.onStoreFailure(error, inbound, key, deadlineAt);
      }
      if (found === 'absent') continue; // the run failed, or its replica died before answering: claim it again
      if (found === 'timed-out') return undefined; // like the owner at its deadline: an empty 200
      if (found.state === 'done') {
        this.logger.debug(`[${inbound.app.name}] duplicate ${describeCallback(inbound)} answered from the first run`);
        return found.reply;
      }
    }
  }

  /** Another replica owns the run: poll the store for its result until it lands or the deadline passes. */
  private async awaitRecord(key: string, dedup: Dedup, waitUntil: number): Promise<DedupRecord | 'absent' | 'timed-out'> {
    for (;;) {
      const value = await dedup.store.get(key);
      if (value === undefined) return 'absent';
      const record = decodeRecord(value);
      if (!record) throw new Error(`the dedup store holds an unreadable record under "${key}"`);
      if (record.state === 'done') return record;
      const left = waitUntil - Date.now();
      if (left <= 0) return 'timed-out';
      await sleep(Math.min(JOIN_POLL_INTERVAL_MS, left));
    }
  }

  private onStoreFailure(error: unknown, inbound: InboundCallback, key: string, deadlineAt: number | undefined): Promise<HandlerReply | undefined> {
    const dedup = this.settings.dedup as Dedup;
    const reason = error instanceof Error ? error.message : String(error);
    const what = `[${inbound.app.name}] dedup store failed on ${describeCallback(inbound)} (${reason})`;
    if (dedup.storeFailure === 'fail-closed') {
      this.logger.error(`${what}: answering 503 so WeCom retries later (dedup.storeFailure 'fail-closed')`);
      return Promise.reject(new WeComDedupStoreUnavailableError(reason));
    }
    this.logger.warn(`${what}: handling it anyway, deduplicated only within this process (dedup.storeFailure 'fail-open')`);
    const local = this.running.get(key);
    if (local) return this.answerAsJoiner(local, inbound, deadlineAt);
    return this.answerAsOwner(this.start(inbound, key, false), inbound, deadlineAt);
  }

  /** Starts the handlers; with a key, the run is shared with local duplicates and recorded in the store. */
  private start(inbound: InboundCallback, key: string | undefined, useStore = true): CallbackRun {
    const dedup = useStore && key !== undefined ? this.settings.dedup || undefined : undefined;
    const handlers = this.dispatcher.dispatch(inbound);
    const run = new CallbackRun(handlers, this.observer(inbound, key, dedup));
    this.inFlight.track(run.outcome);
    if (key !== undefined) {
      this.running.set(key, run);
      const forget = () => {
        if (this.running.get(key) === run) this.running.delete(key);
      };
      run.outcome.then(forget, forget);
    }
    return run;
  }

  private async answerAsOwner(run: CallbackRun, inbound: InboundCallback, deadlineAt: number | undefined): Promise<HandlerReply | undefined> {
    if (deadlineAt === undefined) return run.outcome;
    const result = await this.deadlines.settleBefore(run.outcome, deadlineAt);
    if (result.inTime) return result.value;
    if (!run.answerEarly()) return run.outcome; // finished on the very edge: its result is being recorded
    this.logger.warn(
      `[${inbound.app.name}] handlers for ${describeCallback(inbound)} still running after ${this.settings.ackTimeoutMs} ms (ackTimeoutMs): ` +
        'answered WeCom with an empty 200 so it does not retry; they run on.',
    );
    return undefined;
  }

  private async answerAsJoiner(run: CallbackRun, inbound: InboundCallback, deadlineAt: number | undefined): Promise<HandlerReply | undefined> {
    this.logger.debug(`[${inbound.app.name}] duplicate ${describeCallback(inbound)} joins the run in progress`);
    if (deadlineAt === undefined) return run.outcome;
    const result = await this.deadlines.settleBefore(run.outcome, deadlineAt);
    return result.inTime ? result.value : undefined;
  }

  /** Held until the owner answers; long enough for the deadline, short enough for WeCom's retry to take over a dead owner. */
  private claimLeaseMs(dedup: Dedup): number {
    const { ackTimeoutMs } = this.settings;
    return ackTimeoutMs === false ? dedup.ttlMs : Math.min(dedup.ttlMs, ackTimeoutMs + CLAIM_LEASE_MARGIN_MS);
  }

  private observer(inbound: InboundCallback, key: string | undefined, dedup: Dedup | undefined): RunObserver {
    const app = inbound.app.name;
    // Only the failure paths name the callback: formatting it for every run cost measurable time.
    const what = () => describeCallback(inbound);
    const write = async (action: string, operation: () => Promise<void>) => {
      if (!dedup || key === undefined) return;
      try {
        await operation();
      } catch (error) {
        this.logger.error(`[${app}] dedup store failed to ${action} for ${what()}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    return {
      succeeded: (reply) =>
        write('record the result (a retry may run the handlers again)', () => dedup!.store.set(key!, encodeRecord({ state: 'done', reply }), dedup!.ttlMs)),
      failed: () => write('forget the failed run (its retry will wait for the claim to expire)', () => dedup!.store.delete(key!)),
      answeredEarly: () => write('extend the claim of the running handlers', () => dedup!.store.set(key!, PENDING_RECORD, dedup!.ttlMs)),
      replyDropped: (reply) =>
        this.logger.warn(
          `[${app}] the ${replyTypeOf(reply)} reply to ${what()} came after the ${this.settings.ackTimeoutMs} ms ack deadline and was dropped: ` +
            'WeCom already got an empty 200. Send late answers with ctx.client.message.send({ touser, msgtype, ... }).',
        ),
    };
  }
}
