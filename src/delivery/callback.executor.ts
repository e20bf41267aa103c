import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { WeComDedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error.js';
import { WeComCallbackInProgressError, WeComDurableHandoffError } from '../errors/delivery-unavailable.error.js';
import type { InboundCallback } from '../families/inbound-callback.js';
import { replyTypeOf, type HandlerReply } from '../families/handler-reply.js';
import { describeCallback } from '../families/describe-callback.js';
import { WeComCallbackDispatcher } from '../routing/callback.dispatcher.js';
import { LOGGER_CONTEXT } from '../wecom.constants.js';
import { CallbackRun, type RunHooks, type RunWaiter } from './callback-run.js';
import { ClaimHeartbeat } from './claim-heartbeat.js';
import type { Claim, ClaimLedger, ClaimResult, HeldClaim, HolderState, MaybePromise } from './dedup/claim-ledger.js';
import {
  HOLDER_CHECK_INTERVAL_MS,
  JOIN_POLL_INTERVAL_MS,
  MAX_JOIN_POLL_INTERVAL_MS,
  WECOM_RESPONSE_TIMEOUT_MS,
} from './dedup/dedup.constants.js';
import { dedupKey } from './dedup/dedup-key.js';
import type { DoneRecord } from './dedup/dedup-record.js';
import { MemoryClaimLedger } from './dedup/memory-claim-ledger.js';
import { MemoryDedupStore } from './dedup/memory-dedup.store.js';
import { OwnerTokens } from './dedup/owner-tokens.js';
import { StoreClaimLedger } from './dedup/store-claim-ledger.js';
import { DeadlineQueue } from './deadline-queue.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from './delivery-settings.js';
import { durableMatchesOf, WECOM_DURABLE_HANDOFF, type DurableHandoff } from './durable-handoff.js';
import { InFlightTracker } from './in-flight.tracker.js';
import { callbackType } from '../observability/callback-type.js'; // observability (helper durable)
import { observeInlineRun } from '../observability/observe-run.js'; // observability (helper durable)
import { publish } from '../observability/wecom-channels.js'; // observability (helper durable)

type Dedup = Exclude<DeliverySettings['dedup'], false>;

/** A store call that did not answer within its bound (the ack deadline on the request path). */
class StoreTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

const WRITE_FAILED = Symbol('write failed');
/** A key no callback has (keys are scoped by app name): read once at boot to open the store's connection. */
const WARM_UP_KEY = '\u0000nestjs-wecom:warm-up';
const WARM_UP_MS = 2000;

/** The longest a background store write (renewal, result, release) may take before it is abandoned. */
const MAX_WRITE_MS = 5000;

/**
 * Runs a verified callback's handlers and yields the reply to send, with WeCom's delivery semantics
 * (PROTOCOL.md §3.2) around the dispatch:
 * - each callback runs once: a duplicate joins the run in progress or gets the recorded reply;
 * - the run holds a claim with an owner token, renewed by a heartbeat while its handlers run; only
 *   it can complete or release the claim (compare-and-set), and a copy that finds the holder's
 *   process gone takes the claim over;
 * - WeCom is answered by the ack deadline, with an empty 200 if the handlers are still running, a
 *   503 if the store or the claim's holder cannot answer in time (every store call is bounded);
 * - durable handlers are handed to the durable queue (`WECOM_DURABLE_HANDOFF`) before WeCom is answered;
 * - a failed run is forgotten, so WeCom's retry runs it again;
 * - shutdown waits (bounded) for runs still going, then releases their claims.
 */
@Injectable()
export class WeComCallbackExecutor implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private ledger: ClaimLedger | undefined;
  /** Runs owned by this process, by dedup key: a local duplicate shares the run. */
  private readonly running = new Map<string, CallbackRun>();
  private readonly inFlight = new InFlightTracker();
  /** Ack deadlines and store-call bounds, all on one timer. */
  private readonly deadlines = new DeadlineQueue();
  private heartbeat: ClaimHeartbeat<CallbackRun> | undefined;
  private readonly hooks: RunHooks = {
    succeeded: (run, reply) => this.recordSuccess(run, reply),
    failed: (run) => this.recordFailure(run),
    answeredEarly: (run) => this.markEarly(run),
    handOffLate: (run) => new WeComDurableHandoffError(`the durable queue did not take ${describeCallback(run.inbound)} within the ack deadline`),
    replyDropped: (run, reply) =>
      this.logger.warn(
        `[${run.inbound.app.name}] the ${replyTypeOf(reply)} reply to ${describeCallback(run.inbound)} came after the ${String(this.settings.ackTimeoutMs)} ms ack deadline and was dropped: ` +
          'WeCom already got an empty 200. Send late answers with ctx.client.message.send({ touser, msgtype, ... }).',
      ),
  };

  constructor(
    private readonly dispatcher: WeComCallbackDispatcher,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
    @Optional() @Inject(WECOM_DURABLE_HANDOFF) private readonly handoff?: DurableHandoff,
  ) {}

  onModuleInit(): void {
    const { ackTimeoutMs, dedup } = this.settings;
    if (ackTimeoutMs !== false && ackTimeoutMs >= WECOM_RESPONSE_TIMEOUT_MS) {
      this.logger.warn(`ackTimeoutMs is ${ackTimeoutMs}: WeCom gives up after ${WECOM_RESPONSE_TIMEOUT_MS} ms and retries, so slow handlers will see retries.`);
    }
    if (!dedup) return;
    this.ledger = dedup.store instanceof MemoryDedupStore ? new MemoryClaimLedger(dedup.store, dedup.ttlMs) : new StoreClaimLedger(dedup.store, new OwnerTokens());
    if (this.ledger.leased) this.heartbeat = new ClaimHeartbeat(Math.max(250, Math.floor(dedup.leaseMs / 4)), (run) => this.renew(run));
    if (!this.ledger.synchronous && (!dedup.store.compareAndSet || !dedup.store.compareAndDelete)) {
      this.logger.warn(
        'the dedup store has no compareAndSet/compareAndDelete: claims are renewed and completed by a read and a write, ' +
          'so a run whose claim lapsed could overwrite the record of the run that took it over (README "Your own store").',
      );
    }
  }

  /**
   * A store that names sessions is asked once at boot (bounded, failures ignored), so that it knows
   * its session before the first claim: a copy can then tell at once if this process dies.
   */
  async onApplicationBootstrap(): Promise<void> {
    const dedup = this.settings.dedup;
    if (!dedup || this.ledger?.synchronous || !dedup.store.session) return;
    await Promise.resolve(this.bounded(dedup.store.get(WARM_UP_KEY), Date.now() + WARM_UP_MS)).catch(() => undefined);
  }

  execute(inbound: InboundCallback): Promise<HandlerReply | undefined> {
    const { ackTimeoutMs, dedup } = this.settings;
    const deadlineAt = ackTimeoutMs === false ? undefined : Date.now() + ackTimeoutMs;
    if (!dedup) return this.own(inbound, undefined, undefined, deadlineAt);
    const key = dedupKey(inbound, dedup.key);
    const local = this.running.get(key);
    if (local) return this.respond(local, inbound, deadlineAt, false);
    const ledger = this.ledger!;
    if (!ledger.synchronous) return this.claimOrJoin(inbound, key, dedup, deadlineAt);
    // The memory store answers at once: no promise until the handlers run.
    let result: ClaimResult;
    try {
      result = ledger.claim(key, dedup.leaseMs) as ClaimResult;
    } catch (error) {
      return this.onStoreFailure(error, inbound, key, deadlineAt);
    }
    if (result.won) return this.own(inbound, key, result.claim, deadlineAt);
    const found = result.found;
    if (found?.state === 'done') return Promise.resolve(this.duplicate(inbound, key, found));
    if (found?.local instanceof CallbackRun) return this.respond(found.local, inbound, deadlineAt, false);
    return this.claimOrJoin(inbound, key, dedup, deadlineAt, result);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.inFlight.size > 0) {
      const { shutdownTimeoutMs } = this.settings;
      this.logger.log(`waiting up to ${shutdownTimeoutMs} ms for ${this.inFlight.size} WeCom callback(s) still being handled`);
      if (!(await this.inFlight.drain(shutdownTimeoutMs))) {
        this.logger.warn(`${this.inFlight.size} WeCom callback(s) still being handled after ${shutdownTimeoutMs} ms (shutdownTimeoutMs); shutting down anyway`);
        await this.releaseUnfinished();
      }
    }
    this.heartbeat?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    const dedup = this.settings?.dedup;
    if (dedup && dedup.store.close) await dedup.store.close();
  }

  /**
   * Claims the callback, or follows whoever holds it: their recorded result, their early 200, or,
   * when their process is gone, the claim itself. Every store call is bounded by `budgetEnd`.
   */
  private async claimOrJoin(
    inbound: InboundCallback,
    key: string,
    dedup: Dedup,
    deadlineAt: number | undefined,
    first?: ClaimResult,
  ): Promise<HandlerReply | undefined> {
    const ledger = this.ledger!;
    const budgetEnd = deadlineAt ?? Date.now() + WECOM_RESPONSE_TIMEOUT_MS;
    let result: ClaimResult | undefined = first;
    let pollMs = JOIN_POLL_INTERVAL_MS;
    let nextHolderCheck = 0;
    let holder: HolderState = 'unknown';
    let checkedOwner: string | undefined;
    try {
      for (;;) {
        const local = this.running.get(key);
        if (local) return this.respond(local, inbound, deadlineAt, false);
        if (!result) {
          result = await this.bounded(ledger.claim(key, dedup.leaseMs), budgetEnd, (late) => {
            if (late.won) void this.settleLate(ledger.release(late.claim)); // a claim that came back too late is given up
          });
          if (result.won) return this.own(inbound, key, result.claim, deadlineAt);
          const startedHere = this.running.get(key); // while we waited on the store
          if (startedHere) return this.respond(startedHere, inbound, deadlineAt, false);
        }
        const found: DoneRecord | HeldClaim | undefined = result.won ? undefined : result.found;
        if (found?.state === 'done') return this.duplicate(inbound, key, found);
        if (found?.local instanceof CallbackRun) return this.respond(found.local, inbound, deadlineAt, false);
        if (found) {
          if (found.owner !== checkedOwner) {
            checkedOwner = found.owner; // a new holder (a takeover elsewhere): ask about it afresh
            holder = 'unknown';
            nextHolderCheck = 0;
          }
          // Held by another run: is its process still there?
          if (Date.now() >= nextHolderCheck) {
            nextHolderCheck = Date.now() + HOLDER_CHECK_INTERVAL_MS;
            holder = await this.bounded(ledger.holderState(found), budgetEnd);
            if (holder === 'gone') {
              const claim = await this.bounded(ledger.takeOver(key, found, dedup.leaseMs), budgetEnd);
              if (claim) {
                this.logger.warn(`[${inbound.app.name}] ${describeCallback(inbound)}: the replica holding it is gone (its store session closed); running it here`);
                return this.own(inbound, key, claim, deadlineAt);
              }
            }
          }
          // It answered WeCom early and is alive: so does this copy. Unsure it is alive: wait for its
          // result or its lease to lapse, and answer 503 at the deadline rather than an empty 200.
          if (found.early && holder === 'alive') return undefined;
        }
        const left = budgetEnd - Date.now();
        if (left <= 0) return this.holdout(inbound, found !== undefined);
        await sleep(Math.min(pollMs, left));
        pollMs = Math.min(pollMs * 2, MAX_JOIN_POLL_INTERVAL_MS);
        if (Date.now() >= budgetEnd) return this.holdout(inbound, found !== undefined);
        const read = await this.bounded(ledger.read(key), budgetEnd);
        // Gone without a result (the run failed, or its claim lapsed): claim it again.
        result = read === undefined ? undefined : { won: false, found: read };
      }
    } catch (error) {
      return this.onStoreFailure(error, inbound, key, deadlineAt);
    }
  }

  private duplicate(inbound: InboundCallback, key: string, found: DoneRecord): HandlerReply | undefined {
    publish('duplicate', () => ({ ...identity(inbound, key), answer: 'recorded' })); // observability (helper durable)
    this.logger.debug(`[${inbound.app.name}] duplicate ${describeCallback(inbound)} answered from the first run`);
    return found.reply;
  }

  /** The deadline came and the claim is still held without a result: 503, so that WeCom comes back. */
  private holdout(inbound: InboundCallback, held: boolean): Promise<never> {
    const why = held ? 'another run holds it and has neither finished nor answered WeCom' : 'the store keeps reporting it taken but holds nothing';
    this.logger.warn(`[${inbound.app.name}] ${describeCallback(inbound)}: ${why}; answering 503 so WeCom retries`);
    return Promise.reject(new WeComCallbackInProgressError(`${describeCallback(inbound)} is held by another run`));
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
    if (local) return this.respond(local, inbound, deadlineAt, false);
    return this.own(inbound, key, undefined, deadlineAt);
  }

  /** Starts the handlers as the callback's owner; with a key, local duplicates share the run. */
  private own(inbound: InboundCallback, key: string | undefined, claim: Claim | undefined, deadlineAt: number | undefined): Promise<HandlerReply | undefined> {
    const run = new CallbackRun(inbound, key, this.hooks);
    run.claim = claim;
    // A memory claim points at its run, so copies find it in the store; others are indexed here.
    if (claim && this.ledger!.synchronous) claim.record.local = run;
    else if (key !== undefined) this.running.set(key, run);
    this.inFlight.add();
    if (claim && this.heartbeat) {
      this.heartbeat.add(run);
      // Claimed before the store knew its session (the first callbacks after a (re)connection): stamp
      // it now rather than at the first beat, so a copy can tell at once if this process dies.
      if (claim.record.session === undefined && (this.settings.dedup as Dedup).store.session?.() !== undefined) this.renew(run);
    }
    run.follow(this.handlers(run, inbound, key));
    return this.respond(run, inbound, deadlineAt, true);
  }

  /**
   * The durable hand-off point: durable handlers go to the queue first, and only once it holds the
   * callback do the inline handlers run (a refused hand-off runs nothing: WeCom's retry tries again).
   */
  private handlers(run: CallbackRun, inbound: InboundCallback, key: string | undefined): Promise<HandlerReply | undefined> {
    const handoff = this.handoff;
    const durable = handoff ? durableMatchesOf(handoff, inbound) : undefined;
    if (!handoff || !durable) return observeInlineRun(this.dispatcher.dispatch(inbound), () => identity(inbound, key)); // observability (helper durable)
    const inline = inbound.matches.filter((match) => !durable.includes(match));
    run.handingOff = true;
    const what = describeCallback(inbound);
    let enqueued: Promise<void>;
    try {
      enqueued = handoff.enqueue(key ?? dedupKey(inbound), inbound, durable);
    } catch (error) {
      enqueued = Promise.reject(error);
    }
    return enqueued.then(
      () => {
        run.handingOff = false;
        return inline.length > 0 ? observeInlineRun(this.dispatcher.dispatch(inbound, inline), () => identity(inbound, key)) : undefined; // observability (helper durable)
      },
      (error: unknown) => {
        run.handingOff = false;
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error(`[${inbound.app.name}] the durable queue did not take ${what} (${reason}): answering 503 so WeCom retries`);
        throw new WeComDurableHandoffError(`the durable queue did not take ${what}`, error);
      },
    );
  }

  /**
   * What one copy answers. The owner: the run's own answer (see CallbackRun.answer). A copy that
   * joined a run of this process: its result if recorded by the deadline; otherwise the same as the
   * owner answered (an empty 200 while the handlers run on, a 503 while the hand-off is going).
   */
  private respond(run: CallbackRun, inbound: InboundCallback, deadlineAt: number | undefined, owner: boolean): Promise<HandlerReply | undefined> {
    if (!owner) publish('duplicate', () => ({ ...identity(inbound, run.key), answer: 'joined' })); // observability (helper durable)
    if (deadlineAt === undefined || run.settled) return run.wait();
    if (owner) return run.answer(this.deadlines, deadlineAt);
    if (run.answeredEarly) return Promise.resolve(undefined); // WeCom already got the empty 200: the same now
    this.logger.debug(`[${inbound.app.name}] duplicate ${describeCallback(inbound)} joins the run in progress`);
    return new Promise((resolve, reject) => {
      let open = true;
      const waiter: RunWaiter = {
        resolve: (reply) => {
          if (!open) return;
          open = false;
          this.deadlines.cancel(deadline);
          resolve(reply);
        },
        reject: (error) => {
          if (!open) return;
          open = false;
          this.deadlines.cancel(deadline);
          reject(error);
        },
      };
      const deadline = this.deadlines.add(deadlineAt, {
        expire: () => {
          if (!open) return;
          if (run.handingOff) {
            open = false;
            reject(this.hooks.handOffLate(run));
          } else if (!run.answerKnown(waiter)) {
            open = false;
            resolve(undefined); // the owner's deadline came first: it answered (or answers) an empty 200 too
          }
        },
      });
      run.notify(waiter);
    });
  }

  /** Bounds a store call by `until`; a call that answers later is passed to `onLate`. */
  private bounded<T>(value: MaybePromise<T>, until: number, onLate?: (late: T) => void): MaybePromise<T> {
    if (!(value instanceof Promise)) return value;
    const left = until - Date.now();
    if (left <= 0) {
      if (onLate) value.then(onLate, () => undefined);
      else value.catch(() => undefined);
      return Promise.reject(new StoreTimeoutError(0));
    }
    return new Promise<T>((resolve, reject) => {
      let open = true;
      const deadline = this.deadlines.add(until, {
        expire: () => {
          open = false;
          reject(new StoreTimeoutError(left));
        },
      });
      value.then(
        (answer) => {
          if (open) {
            open = false;
            this.deadlines.cancel(deadline);
            resolve(answer);
          } else onLate?.(answer);
        },
        (error: unknown) => {
          if (!open) return;
          open = false;
          this.deadlines.cancel(deadline);
          reject(error);
        },
      );
    });
  }

  private settleLate(value: MaybePromise<unknown>): Promise<unknown> {
    return Promise.resolve(this.bounded(value, Date.now() + MAX_WRITE_MS)).catch(() => undefined);
  }

  /**
   * A background write of `run`, after its earlier ones, with its current claim, bounded. Resolves
   * with the ledger's answer, or WRITE_FAILED (logged) when the store failed or the run holds no claim.
   */
  private write<T>(run: CallbackRun, action: string, operation: (claim: Claim) => MaybePromise<T>): Promise<T | typeof WRITE_FAILED> {
    const writeMs = Math.min(MAX_WRITE_MS, (this.settings.dedup as Dedup).leaseMs / 2);
    return run.write(async () => {
      if (!run.claim) return WRITE_FAILED;
      try {
        return await this.bounded(operation(run.claim), Date.now() + writeMs);
      } catch (error) {
        this.logger.error(
          `[${run.inbound.app.name}] dedup store failed to ${action} for ${describeCallback(run.inbound)}: ${error instanceof Error ? error.message : String(error)}`,
        );
        return WRITE_FAILED;
      }
    }) as Promise<T | typeof WRITE_FAILED>;
  }

  private recordSuccess(run: CallbackRun, reply: HandlerReply | undefined): MaybePromise<void> {
    const ledger = this.ledger;
    const claim = run.claim;
    if (!ledger || !claim) return this.finish(run);
    const ttlMs = (this.settings.dedup as Dedup).ttlMs;
    if (ledger.synchronous) {
      this.syncWrite(run, 'record the result (a retry may run the handlers again)', () => ledger.complete(claim, reply, ttlMs));
      return this.finish(run);
    }
    return this.write(run, 'record the result (a retry may run the handlers again)', (current) => ledger.complete(current, reply, ttlMs)).then((recorded) => {
      if (recorded === false) this.claimLost(run);
      run.claim = undefined; // nothing left to renew
      this.finish(run);
    });
  }

  private recordFailure(run: CallbackRun): MaybePromise<void> {
    const ledger = this.ledger;
    const claim = run.claim;
    if (!ledger || !claim) return this.finish(run);
    if (ledger.synchronous) {
      this.syncWrite(run, 'forget the failed run', () => ledger.release(claim));
      return this.finish(run);
    }
    return this.write(run, 'forget the failed run (its retry will wait for the claim to lapse)', (current) => ledger.release(current)).then(() => {
      run.claim = undefined;
      this.finish(run);
    });
  }

  /** The run answered WeCom early: its claim says so, so that a copy arriving meanwhile answers the same. */
  private markEarly(run: CallbackRun): void {
    publish('ackedEarly', () => ({ ...identity(run.inbound, run.key), afterMs: this.settings.ackTimeoutMs as number })); // observability (helper durable)
    this.logger.warn(
      `[${run.inbound.app.name}] handlers for ${describeCallback(run.inbound)} still running after ${String(this.settings.ackTimeoutMs)} ms (ackTimeoutMs): ` +
        'answered WeCom with an empty 200 so it does not retry; they run on.',
    );
    const ledger = this.ledger;
    const claim = run.claim;
    if (!ledger || !claim) return;
    const leaseMs = (this.settings.dedup as Dedup).leaseMs;
    if (ledger.synchronous) {
      this.syncWrite(run, 'mark the claim answered', () => (run.claim = (ledger.renew(claim, leaseMs, true) as Claim | undefined) ?? claim));
      return;
    }
    void this.write(run, 'renew the claim of the running handlers', (current) => ledger.renew(current, leaseMs, true)).then((next) => this.renewed(run, next));
  }

  /** Heartbeat: one renewal in flight per run at most. */
  private renew(run: CallbackRun): void {
    if (run.renewing || !run.running) return;
    run.renewing = true;
    const leaseMs = (this.settings.dedup as Dedup).leaseMs;
    void this.write(run, 'renew the claim of the running handlers', (current) => this.ledger!.renew(current, leaseMs, run.answeredEarly)).then((next) => {
      run.renewing = false;
      this.renewed(run, next);
    });
  }

  private renewed(run: CallbackRun, next: Claim | undefined | typeof WRITE_FAILED): void {
    if (next === WRITE_FAILED) return; // logged; the next beat tries again
    if (next) run.claim = next;
    else if (run.claim) this.claimLost(run);
  }

  private claimLost(run: CallbackRun): void {
    if (run.claimLost) return;
    run.claimLost = true;
    this.logger.warn(
      `[${run.inbound.app.name}] the claim on ${describeCallback(run.inbound)} lapsed and another run holds it now ` +
        `(this process stalled or lost the store for longer than dedup.leaseMs ${(this.settings.dedup as Dedup).leaseMs} ms); its result is not recorded`,
    );
  }

  private syncWrite(run: CallbackRun, action: string, operation: () => unknown): void {
    try {
      operation();
    } catch (error) {
      this.logger.error(`[${run.inbound.app.name}] dedup store failed to ${action} for ${describeCallback(run.inbound)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private finish(run: CallbackRun): void {
    if (run.key !== undefined && this.running.get(run.key) === run) this.running.delete(run.key);
    this.heartbeat?.delete(run);
    this.inFlight.delete();
  }

  /** Shutdown with handlers still running: free their claims, so that a replay can run them elsewhere. */
  private async releaseUnfinished(): Promise<void> {
    const ledger = this.ledger;
    if (!ledger) return;
    const releases: Promise<unknown>[] = [];
    for (const run of this.running.values()) {
      const claim = run.claim;
      if (!claim || run.settled) continue;
      run.claim = undefined; // its late result must not be recorded over a newer run's
      this.heartbeat?.delete(run);
      releases.push(this.settleLate(ledger.release(claim)));
    }
    await Promise.all(releases);
  }
}

/** What the diagnostics channels say about a callback: ids and names only (observability, helper durable). */
function identity(inbound: InboundCallback, key: string | undefined) {
  return { app: inbound.app.name, kind: inbound.app.kind, type: callbackType(inbound.payload), ...(key !== undefined ? { key } : {}) };
}
