import type { HandlerReply } from '../../families/handler-reply.js';
import type { DoneRecord, PendingRecord } from './dedup-record.js';

export type MaybePromise<T> = T | Promise<T>;

/**
 * A run's hold on one callback, as the run last wrote it: compare-and-set compares against exactly
 * this, so a run can only renew, complete or release its own claim.
 */
export interface Claim {
  readonly key: string;
  readonly record: PendingRecord;
  /** The stored form, for ledgers over string stores. */
  readonly encoded?: string;
}

/** A claim held by another run, as read from the store. */
export interface HeldClaim extends PendingRecord {
  /** The stored form, to take it over by compare-and-set. */
  readonly encoded?: string;
}

/** `unknown` when the store cannot tell (no session support, a restarted server, an old record). */
export type HolderState = 'alive' | 'gone' | 'unknown';

export type ClaimResult = { readonly won: true; readonly claim: Claim } | { readonly won: false; readonly found: DoneRecord | HeldClaim | undefined };

/**
 * The claim protocol over a dedup store: what the executor does with it, independent of the backend.
 * The memory ledger answers synchronously (no promise on the hot path); ledgers over a network store
 * answer with promises, and the executor bounds every one of their calls.
 */
export interface ClaimLedger {
  /** True when every method returns its answer directly (never a promise). */
  readonly synchronous: boolean;
  /** True when claims lapse unless renewed (a shared store); false when they live with the process. */
  readonly leased: boolean;

  /** Claims `key` for a new run, or reports what holds it (undefined: it vanished between two reads). */
  claim(key: string, leaseMs: number): MaybePromise<ClaimResult>;
  read(key: string): MaybePromise<DoneRecord | HeldClaim | undefined>;
  /**
   * Extends the run's claim (marking it answered early if `early`); if it lapsed and nobody took it,
   * claims it back. The new claim, or undefined when another run holds the callback now.
   */
  renew(claim: Claim, leaseMs: number, early: boolean): MaybePromise<Claim | undefined>;
  /** Replaces the run's claim with its result. False when another run holds the callback now. */
  complete(claim: Claim, reply: HandlerReply | undefined, ttlMs: number): MaybePromise<boolean>;
  /** Forgets the run's claim so that the next copy runs the handlers. */
  release(claim: Claim): MaybePromise<boolean>;
  /** Takes over `held` (its holder is gone); the new claim, or undefined if something changed meanwhile. */
  takeOver(key: string, held: HeldClaim, leaseMs: number): MaybePromise<Claim | undefined>;
  /** Whether the process holding `held` is still there, as far as the store can tell. */
  holderState(held: HeldClaim): Promise<HolderState>;
}
