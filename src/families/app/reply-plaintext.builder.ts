import { writeReplyPlaintext } from '../../xml/xml-writer.js';
import { WeComReply } from './wecom-reply.js';

/** What a handler may return; anything empty means "no passive reply". */
export type WeComHandlerResult = string | WeComReply | void | null | undefined;

/** Turns a handler's result into a reply, or undefined for "nothing to say". */
export function toReply(result: unknown): WeComReply | undefined {
  if (result === undefined || result === null || result === '') return undefined;
  if (typeof result === 'string') return WeComReply.text(result);
  if (result instanceof WeComReply) return result;
  throw new TypeError(
    `a WeCom handler returned ${describe(result)}; return a string, a WeComReply, or nothing.`,
  );
}

/**
 * The reply plaintext (PROTOCOL.md §3.4): addressed back to the sender, from the corp.
 * `CreateTime` is seconds, like every WeCom timestamp.
 */
export function renderReplyXml(reply: WeComReply, toUser: string, fromCorp: string, now: number = Date.now()): string {
  // The header as a template, the reply's own fields through toXml: the same bytes as toXml of the whole object.
  return writeReplyPlaintext(toUser, fromCorp, Math.floor(now / 1000), reply.msgType, reply.fields);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${(value as object).constructor?.name ?? 'Object'})` : `a ${typeof value}`;
}
