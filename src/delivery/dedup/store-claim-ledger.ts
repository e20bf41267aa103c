import type { HandlerReply } from '../../families/handler-reply.js';
import type { Claim, ClaimLedger, ClaimResult, HeldClaim, HolderState } from './claim-ledger.js';
import { decodeRecord, encodeRecord, type DoneRecord, type PendingRecord } from './dedup-record.js';
import type { OwnerTokens } from './owner-tokens.js';
import type { WeComDedupStore } from './wecom-dedup-store.js';

/**
 * Claims in any WeComDedupStore (Redis, or your own), as encoded strings. Compare-and-set goes through
 * the store's `compareAndSet` / `compareAndDelete` when it has them (atomic); otherwise through a read
 * and a write (two calls: a takeover between them can be overwritten, README "Your own store").
 */
export class StoreClaimLedger implements ClaimLedger {
  readonly synchronous = false;
  readonly leased = true;

  constructor(
    private readonly store: WeComDedupStore,
    private readonly owners: OwnerTokens,
  ) {}

  async claim(key: string, leaseMs: number): Promise<ClaimResult> {
    const claim = this.newClaim(key, this.owners.next(), false);
    if (await this.store.setIfAbsent(key, claim.encoded!, leaseMs)) return { won: true, claim };
    return { won: false, found: await this.read(key) };
  }

  async read(key: string): Promise<DoneRecord | HeldClaim | undefined> {
    const value = await this.store.get(key);
    if (value === undefined) return undefined;
    const record = decodeRecord(value);
    if (!record) throw new Error(`the dedup store holds an unreadable record under "${key}"`);
    return record.state === 'done' ? record : { ...record, encoded: value };
  }

  async renew(claim: Claim, leaseMs: number, early: boolean): Promise<Claim | undefined> {
    // Re-stamped with the current session, so a claim made before a reconnection stays recognisable as alive.
    const next = this.newClaim(claim.key, claim.record.owner!, early || claim.record.early === true);
    if (await this.compareAndSet(claim.key, claim.encoded!, next.encoded!, leaseMs)) return next;
    // Lapsed (a stall, an eviction) and nobody took it: hold it again rather than leave it open.
    if (await this.store.setIfAbsent(claim.key, next.encoded!, leaseMs)) return next;
    return undefined;
  }

  async complete(claim: Claim, reply: HandlerReply | undefined, ttlMs: number): Promise<boolean> {
    const done = encodeRecord({ state: 'done', reply });
    if (await this.compareAndSet(claim.key, claim.encoded!, done, ttlMs)) return true;
    return this.store.setIfAbsent(claim.key, done, ttlMs);
  }

  release(claim: Claim): Promise<boolean> {
    return this.compareAndDelete(claim.key, claim.encoded!);
  }

  async takeOver(key: string, held: HeldClaim, leaseMs: number): Promise<Claim | undefined> {
    if (held.encoded === undefined) return undefined;
    const claim = this.newClaim(key, this.owners.next(), false);
    return (await this.compareAndSet(key, held.encoded, claim.encoded!, leaseMs)) ? claim : undefined;
  }

  async holderState(held: HeldClaim): Promise<HolderState> {
    if (held.session === undefined || !this.store.isSessionAlive) return 'unknown';
    const alive = await this.store.isSessionAlive(held.session);
    return alive === undefined ? 'unknown' : alive ? 'alive' : 'gone';
  }

  private newClaim(key: string, owner: string, early: boolean): Claim {
    const record: PendingRecord = { state: 'pending', owner, session: this.store.session?.(), early: early || undefined };
    return { key, record, encoded: encodeRecord(record) };
  }

  private async compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.store.compareAndSet) return this.store.compareAndSet(key, expected, value, ttlMs);
    if ((await this.store.get(key)) !== expected) return false;
    await this.store.set(key, value, ttlMs);
    return true;
  }

  private async compareAndDelete(key: string, expected: string): Promise<boolean> {
    if (this.store.compareAndDelete) return this.store.compareAndDelete(key, expected);
    if ((await this.store.get(key)) !== expected) return false;
    await this.store.delete(key);
    return true;
  }
}
