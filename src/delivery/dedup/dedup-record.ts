import { decodeReply, encodeReply, type StoredReply } from './reply.codec.js';
import type { HandlerReply } from '../../families/handler-reply.js';

/**
 * A run's hold on a callback while its handlers run. `owner` is unique to that run, so only it can
 * renew, complete or release the claim (compare-and-set); `session` names its process's connection
 * to the store when the store can tell whether that connection is still open; `early` says WeCom
 * already got an empty 200 from it, so a copy arriving meanwhile answers the same.
 */
export interface PendingRecord {
  readonly state: 'pending';
  readonly owner?: string;
  readonly session?: string;
  readonly early?: boolean;
  /**
   * The memory store only: the run in this process that holds the claim, so that a copy of the
   * callback joins it straight from the store. Never encoded.
   */
  local?: unknown;
}

/** The run succeeded: every later copy of the callback answers `reply` (undefined: an empty 200). */
export interface DoneRecord {
  readonly state: 'done';
  readonly reply: HandlerReply | undefined;
}

/** What the store holds for a callback. A failed run leaves nothing: its claim is released. */
export type DedupRecord = PendingRecord | DoneRecord;

/**
 * Version 1 of the wire format, extended compatibly: readers of the first release ignore `owner`,
 * `session` and `early`, so replicas of both versions can share a store during a rolling upgrade.
 */
type Wire =
  | { v: 1; state: 'pending'; owner?: string; session?: string; early?: true }
  | { v: 1; state: 'done'; reply: StoredReply | null };

export function encodeRecord(record: DedupRecord): string {
  if (record.state === 'done') return JSON.stringify({ v: 1, state: 'done', reply: record.reply ? encodeReply(record.reply) : null } satisfies Wire);
  const wire: Wire = { v: 1, state: 'pending' };
  if (record.owner !== undefined) wire.owner = record.owner;
  if (record.session !== undefined) wire.session = record.session;
  if (record.early) wire.early = true;
  return JSON.stringify(wire);
}

/** The record, or undefined for a value this version cannot read (another writer, corruption). */
export function decodeRecord(value: string): DedupRecord | undefined {
  let wire: Partial<Wire> & { reply?: StoredReply | null; owner?: unknown; session?: unknown; early?: unknown };
  try {
    wire = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (wire?.v !== 1) return undefined;
  if (wire.state === 'pending') {
    return {
      state: 'pending',
      owner: typeof wire.owner === 'string' ? wire.owner : undefined,
      session: typeof wire.session === 'string' ? wire.session : undefined,
      early: wire.early === true,
    };
  }
  if (wire.state !== 'done') return undefined;
  try {
    return { state: 'done', reply: wire.reply ? decodeReply(wire.reply) : undefined };
  } catch {
    return undefined;
  }
}
