import { WeComBotReply } from '../../families/bot/wecom-bot-reply.js';
import type { HandlerReply } from '../../families/handler-reply.js';
import { WeComReply } from '../../families/app/wecom-reply.js';

/**
 * A passive reply as data, so a retry can be answered with the same reply in a fresh envelope (new
 * CreateTime, new encryption) instead of replaying the first ciphertext.
 * - `xml`: an app reply (WeComReply), by its MsgType and fields.
 * - `bot-json`: an AI-bot reply, by its JSON plaintext. For a stream that is the frame current when
 *   the run finished (its stream id and content so far): a retried message gets the same stream id
 *   back, and WeCom's refresh polls for that id are answered from the live stream as before.
 */
export type StoredReply =
  | { readonly kind: 'xml'; readonly msgType: string; readonly fields: Readonly<Record<string, unknown>> }
  | { readonly kind: 'bot-json'; readonly body: Readonly<Record<string, unknown>> };

export function encodeReply(reply: HandlerReply): StoredReply {
  if (reply instanceof WeComBotReply) return { kind: 'bot-json', body: reply.toJSON() };
  return { kind: 'xml', msgType: reply.msgType, fields: reply.fields };
}

// Both constructors are private so handlers go through the validating builders; these replies were
// built by one of them the first time, so rebuilding them from their own parts is safe.
const rebuildXml = WeComReply as unknown as new (msgType: string, fields: Readonly<Record<string, unknown>>) => WeComReply;
const rebuildBot = WeComBotReply as unknown as new (body: Readonly<Record<string, unknown>>) => WeComBotReply;

export function decodeReply(stored: StoredReply): HandlerReply {
  switch (stored.kind) {
    case 'xml':
      return new rebuildXml(stored.msgType, stored.fields);
    case 'bot-json':
      return new rebuildBot(stored.body);
    default:
      throw new TypeError(`unknown stored reply kind "${String((stored as { kind?: unknown }).kind)}"`);
  }
}
