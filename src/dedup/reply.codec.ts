import { WeComReply } from '../reply/wecom-reply.js';

/**
 * A passive reply as data, so a retry can be answered with the same reply in a fresh envelope (new
 * CreateTime, new encryption) instead of replaying the first ciphertext. `kind` leaves room for reply
 * families with their own shape (the AI bot's JSON replies): add a variant and a case to each function.
 */
export type StoredReply = { readonly kind: 'xml'; readonly msgType: string; readonly fields: Readonly<Record<string, unknown>> };

export function encodeReply(reply: WeComReply): StoredReply {
  return { kind: 'xml', msgType: reply.msgType, fields: reply.fields };
}

// The constructor is private so handlers go through the validating builders; this reply was built by
// one of them the first time, so rebuilding it from its own parts is safe.
const rebuild = WeComReply as unknown as new (msgType: string, fields: Readonly<Record<string, unknown>>) => WeComReply;

export function decodeReply(stored: StoredReply): WeComReply {
  switch (stored.kind) {
    case 'xml':
      return new rebuild(stored.msgType, stored.fields);
    default:
      throw new TypeError(`unknown stored reply kind "${String((stored as { kind?: unknown }).kind)}"`);
  }
}
