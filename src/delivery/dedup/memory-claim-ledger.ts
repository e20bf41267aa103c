import { WeComBotReply } from '../../families/bot/wecom-bot-reply.js';
import type { HandlerReply } from '../../families/handler-reply.js';
import type { Claim, ClaimLedger, ClaimResult, HeldClaim, HolderState } from './claim-ledger.js';
import type { DoneRecord, PendingRecord } from './dedup-record.js';
import { UNREADABLE, type MemoryDedupStore } from './memory-dedup.store.js';
import { decodeReply, encodeReply } from './reply.codec.js';

/**
 * Claims in the memory store: synchronous, and records are objects compared by identity (no owner
 * string, no JSON). A claim lives as long as the run in this process, so it needs no lease and no
 * heartbeat: it is completed or released when the run ends, or held for the TTL if it never does.
 */
export class MemoryClaimLedger implements ClaimLedger {
  readonly synchronous = true;
  readonly leased = false;

  constructor(
    private readonly store: MemoryDedupStore,
    private readonly ttlMs: number,
  ) {}

  claim(key: string): ClaimResult {
    const record: PendingRecord = { state: 'pending' };
    const found = this.store.claimRecord(key, record, this.ttlMs);
    if (found === undefined) return { won: true, claim: { key, record } };
    return { won: false, found: readable(key, found) };
  }

  read(key: string): DoneRecord | HeldClaim | undefined {
    const found = this.store.readRecord(key);
    return found === undefined ? undefined : readable(key, found);
  }

  renew(claim: Claim, _leaseMs: number, early: boolean): Claim | undefined {
    if (!early || claim.record.early) return this.store.readRecord(claim.key) === claim.record ? claim : undefined;
    const record: PendingRecord = { state: 'pending', early: true, local: claim.record.local };
    return this.store.replaceRecord(claim.key, claim.record, record, this.ttlMs, true) ? { key: claim.key, record } : undefined;
  }

  complete(claim: Claim, reply: HandlerReply | undefined, ttlMs: number): boolean {
    return this.store.replaceRecord(claim.key, claim.record, { state: 'done', reply: snapshot(reply) }, ttlMs, true);
  }

  release(claim: Claim): boolean {
    return this.store.deleteRecord(claim.key, claim.record);
  }

  takeOver(key: string, held: HeldClaim): Claim | undefined {
    const record: PendingRecord = { state: 'pending' };
    return this.store.replaceRecord(key, held, record, this.ttlMs, false) ? { key, record } : undefined;
  }

  /** Every holder of a memory claim is a run in this very process. */
  holderState(): Promise<HolderState> {
    return Promise.resolve('alive');
  }
}

function readable(key: string, found: PendingRecord | DoneRecord): DoneRecord | HeldClaim {
  if (found === UNREADABLE) throw new Error(`the dedup store holds an unreadable record under "${key}"`);
  return found;
}

/** A stream reply is kept as the frame it had when the run finished, not the live stream (and its content). */
function snapshot(reply: HandlerReply | undefined): HandlerReply | undefined {
  return reply instanceof WeComBotReply && reply.stream ? decodeReply(encodeReply(reply)) : reply;
}
