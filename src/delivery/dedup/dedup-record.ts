import { decodeReply, encodeReply, type StoredReply } from './reply.codec.js';
import type { HandlerReply } from '../../families/handler-reply.js';

/**
 * What the store holds for a callback: `pending` while the first run is under way, then `done` with
 * what every later duplicate must answer. A failed run leaves nothing (the key is deleted).
 */
export type DedupRecord = { readonly state: 'pending' } | { readonly state: 'done'; readonly reply: HandlerReply | undefined };

type Wire = { v: 1; state: 'pending' } | { v: 1; state: 'done'; reply: StoredReply | null };

export const PENDING_RECORD = encodeRecord({ state: 'pending' });

export function encodeRecord(record: DedupRecord): string {
  const wire: Wire =
    record.state === 'pending' ? { v: 1, state: 'pending' } : { v: 1, state: 'done', reply: record.reply ? encodeReply(record.reply) : null };
  return JSON.stringify(wire);
}

/** The record, or undefined for a value this version cannot read (another writer, corruption). */
export function decodeRecord(value: string): DedupRecord | undefined {
  let wire: Partial<Wire> & { reply?: StoredReply | null };
  try {
    wire = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (wire?.v !== 1) return undefined;
  if (wire.state === 'pending') return { state: 'pending' };
  if (wire.state !== 'done') return undefined;
  try {
    return { state: 'done', reply: wire.reply ? decodeReply(wire.reply) : undefined };
  } catch {
    return undefined;
  }
}
