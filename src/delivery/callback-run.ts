import type { HandlerReply } from '../families/handler-reply.js';

/** What a run tells the outside world (the dedup store, the log) as it progresses. */
export interface RunObserver {
  /** The handlers finished; `reply` is what every copy of the callback answers from now on. */
  succeeded(reply: HandlerReply | undefined): Promise<void>;
  /** A handler threw: forget the callback so WeCom's retry runs the handlers again. */
  failed(): Promise<void>;
  /** WeCom got an empty 200 at the ack deadline while the handlers run on. */
  answeredEarly(): Promise<void>;
  /** The handlers returned a reply after WeCom was already answered. */
  replyDropped(reply: HandlerReply): void;
}

/**
 * One execution of a callback's handlers, shared by every copy of that callback in this process.
 *
 * Whether the reply or an empty 200 goes out is decided once, synchronously, by whichever comes first:
 * the handlers finishing, or `answerEarly()` at the deadline. So the first answer and every later
 * duplicate's answer agree.
 */
export class CallbackRun {
  /** What every copy answers, available once recorded; rejects when a handler failed. */
  readonly outcome: Promise<HandlerReply | undefined>;
  private settled = false;
  private answered = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    handlers: Promise<HandlerReply | undefined>,
    private readonly observer: RunObserver,
  ) {
    this.outcome = handlers.then(
      async (reply) => {
        this.settled = true;
        if (this.answered && reply) observer.replyDropped(reply);
        const published = this.answered ? undefined : reply;
        await this.record(() => observer.succeeded(published));
        return published;
      },
      async (error: unknown) => {
        this.settled = true;
        await this.record(() => observer.failed());
        throw error;
      },
    );
  }

  /** The deadline passed: answer WeCom with an empty 200. False if the handlers finished first. */
  answerEarly(): boolean {
    if (this.settled) return false;
    this.answered = true;
    void this.record(() => this.observer.answeredEarly());
    return true;
  }

  /** Store writes in the order they were decided, so a late "done" is never overwritten by "pending". */
  private record(write: () => Promise<void>): Promise<void> {
    this.writes = this.writes.then(write).catch(() => undefined);
    return this.writes;
  }
}
