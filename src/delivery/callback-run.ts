import type { HandlerReply } from '../families/handler-reply.js';
import type { InboundCallback } from '../families/inbound-callback.js';
import type { Claim, MaybePromise } from './dedup/claim-ledger.js';
import type { Deadline, DeadlineQueue, Expirable } from './deadline-queue.js';

/** What a run tells the executor (the dedup store, the log) as it progresses. */
export interface RunHooks {
  /** The handlers finished; `reply` is what every copy answers from now on. Resolves once recorded. */
  succeeded(run: CallbackRun, reply: HandlerReply | undefined): MaybePromise<void>;
  /** A handler threw (or the hand-off failed): forget the callback so WeCom's retry runs it again. */
  failed(run: CallbackRun): MaybePromise<void>;
  /** WeCom got an empty 200 at the ack deadline while the handlers run on. */
  answeredEarly(run: CallbackRun): void;
  /** The handlers returned a reply after WeCom was already answered. */
  replyDropped(run: CallbackRun, reply: HandlerReply): void;
  /** The deadline came while the durable queue had not taken the callback yet: the error to answer (503). */
  handOffLate(run: CallbackRun): unknown;
}

export interface RunWaiter {
  resolve(reply: HandlerReply | undefined): void;
  reject(error: unknown): void;
}

const RUNNING = 0;
const RECORDING = 1;
const SUCCEEDED = 2;
const FAILED = 3;
const NO_ERROR = Symbol('no error');

/**
 * One execution of a callback's handlers, shared by every copy of that callback in this process.
 *
 * Whether the reply or an empty 200 goes out is decided once, synchronously, by whichever comes first:
 * the handlers finishing, or `answerEarly()` at the deadline. So the first answer and every later
 * duplicate's answer agree.
 *
 * The owner's answer is kept on the run itself (`answer()`), and the run is its own entry in the
 * deadline queue: per callback, one promise for the answer and one reaction to the handlers, no
 * closures. Copies that join wait through `wait()` / `notify()`.
 */
export class CallbackRun implements Expirable {
  /** The run's claim in the dedup store, as last written (renewals replace it). */
  claim: Claim | undefined;
  /** True while the durable queue has not yet taken the callback: no early 200 may go out. */
  handingOff = false;
  /** Store writes of this run, in the order they were decided (network stores only). */
  writes: Promise<unknown> | undefined;
  /** A heartbeat renewal is in flight. */
  renewing = false;
  /** Another run took the claim over (logged once). */
  claimLost = false;
  private state = RUNNING;
  private answered = false;
  private published: HandlerReply | undefined;
  private failedWith: unknown = NO_ERROR;
  private waiters: RunWaiter[] | undefined;
  private ownerResolve: ((reply: HandlerReply | undefined) => void) | undefined;
  private ownerReject: ((error: unknown) => void) | undefined;
  private deadline: Deadline | undefined;
  private deadlines: DeadlineQueue | undefined;

  constructor(
    readonly inbound: InboundCallback,
    readonly key: string | undefined,
    private readonly hooks: RunHooks,
  ) {}

  /** Follows the handlers' promise: one reaction per run. */
  follow(handlers: Promise<HandlerReply | undefined>): this {
    handlers.then(
      (reply) => this.succeed(reply),
      (error: unknown) => this.fail(error),
    );
    return this;
  }

  get settled(): boolean {
    return this.state >= SUCCEEDED;
  }

  /** The handlers have not finished yet. */
  get running(): boolean {
    return this.state === RUNNING;
  }

  get answeredEarly(): boolean {
    return this.answered;
  }

  /**
   * What the owner's copy answers: the result if it is recorded by `deadlineAt`; otherwise, at the
   * deadline, an empty 200 while the handlers run on, a 503 while the hand-off is still going, or the
   * result at once if it is known and only its recording is slow.
   */
  answer(deadlines: DeadlineQueue, deadlineAt: number): Promise<HandlerReply | undefined> {
    return new Promise((resolve, reject) => {
      this.ownerResolve = resolve;
      this.ownerReject = reject;
      this.deadlines = deadlines;
      this.deadline = deadlines.add(deadlineAt, this);
    });
  }

  /** The owner's deadline (called by the deadline queue). */
  expire(): void {
    this.deadline = undefined;
    if (!this.ownerResolve) return;
    if (this.answerEarly()) this.releaseOwner(undefined, NO_ERROR);
    else if (this.handingOff) this.releaseOwner(undefined, this.hooks.handOffLate(this));
    else if (this.state === RECORDING) this.releaseOwner(this.published, this.failedWith);
  }

  /** Resolves with what this copy answers once the run is recorded; rejects if the run failed. */
  wait(): Promise<HandlerReply | undefined> {
    if (this.state === SUCCEEDED) return Promise.resolve(this.published);
    if (this.state === FAILED) return Promise.reject(this.failedWith);
    return new Promise((resolve, reject) => this.notify({ resolve, reject }));
  }

  /** Calls `waiter` once the run is recorded (at once if it is). */
  notify(waiter: RunWaiter): void {
    if (this.state === SUCCEEDED) waiter.resolve(this.published);
    else if (this.state === FAILED) waiter.reject(this.failedWith);
    else (this.waiters ??= []).push(waiter);
  }

  /**
   * The handlers finished and their result is being recorded: hand it to `waiter` now rather than
   * wait for the store (true), or false while the handlers still run.
   */
  answerKnown(waiter: RunWaiter): boolean {
    if (this.state !== RECORDING) return false;
    if (this.failedWith === NO_ERROR) waiter.resolve(this.published);
    else waiter.reject(this.failedWith);
    return true;
  }

  /**
   * The deadline passed: answer WeCom with an empty 200 (true), unless the handlers already finished
   * (false: their result is on its way) or the hand-off is still going (false: see `handingOff`).
   */
  answerEarly(): boolean {
    if (this.state !== RUNNING || this.handingOff) return false;
    this.answered = true;
    this.hooks.answeredEarly(this);
    return true;
  }

  /** Chains a store write after the previous ones, so a late "done" is never overwritten by "renewed". */
  write(operation: () => Promise<unknown>): Promise<unknown> {
    const next = (this.writes ?? Promise.resolve()).then(operation).catch(() => undefined);
    this.writes = next;
    return next;
  }

  private succeed(reply: HandlerReply | undefined): void {
    this.state = RECORDING;
    if (this.answered && reply) this.hooks.replyDropped(this, reply);
    this.published = this.answered ? undefined : reply;
    const recorded = this.hooks.succeeded(this, this.published);
    if (recorded instanceof Promise) recorded.then(() => this.settle(SUCCEEDED));
    else this.settle(SUCCEEDED);
  }

  private fail(error: unknown): void {
    this.state = RECORDING;
    this.failedWith = error;
    const recorded = this.hooks.failed(this);
    if (recorded instanceof Promise) recorded.then(() => this.settle(FAILED));
    else this.settle(FAILED);
  }

  private settle(state: number): void {
    this.state = state;
    this.releaseOwner(this.published, this.failedWith);
    const waiters = this.waiters;
    if (!waiters) return;
    this.waiters = undefined;
    for (const waiter of waiters) {
      if (state === SUCCEEDED) waiter.resolve(this.published);
      else waiter.reject(this.failedWith);
    }
  }

  private releaseOwner(reply: HandlerReply | undefined, error: unknown): void {
    const resolve = this.ownerResolve;
    const reject = this.ownerReject;
    if (!resolve || !reject) return;
    this.ownerResolve = this.ownerReject = undefined;
    if (this.deadline) this.deadlines!.cancel(this.deadline);
    this.deadline = undefined;
    if (error === NO_ERROR) resolve(reply);
    else reject(error);
  }
}
