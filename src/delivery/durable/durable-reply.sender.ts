import type { ResolvedApp } from '../../apps/resolved-app.js';
import type { HandlerReply } from '../../families/handler-reply.js';
import type { InboundCallback } from '../../families/inbound-callback.js';

/**
 * A durable handler's reply in the form it is sent: plain JSON, kept in the job once the handlers
 * have succeeded, so a failed send is retried without running the handlers again.
 */
export interface PreparedReply {
  /** Which sender sends it: `'bot-response-url'`, or the active API's own. */
  readonly via: string;
  readonly [field: string]: unknown;
}

/** A reply that can never be sent (wrong type, no `response_url`, no member to send to): the job fails at once, into the failed set. */
export class WeComDurableReplyError extends Error {
  override readonly name = 'WeComDurableReplyError';
}

/**
 * Sends a durable handler's reply to the sender of its callback. WeCom's passive answer went out when
 * the job was queued, so a reply can only go through the active API (PROTOCOL.md §3.2: "企业后续可以
 * 使用主动发消息接口进行异步回复"), or for an AI bot through the message's `response_url` (§5.1).
 */
export interface DurableReplySender {
  /** Why replies of this app cannot be sent, or undefined when they can (boot refuses durable handlers on such an app; checked per reply too). */
  unavailable(app: ResolvedApp): string | undefined;
  /** The reply as it will be sent; undefined when the family ignores replies. Rejects with WeComDurableReplyError when it can never be sent. */
  prepare(inbound: InboundCallback, reply: HandlerReply): Promise<PreparedReply | undefined>;
  /** Sends it to the sender of `inbound`; rejects to have the job retried (only the send). */
  send(inbound: InboundCallback, prepared: PreparedReply): Promise<void>;
}

/** Injection token of the sender (WeComDurableReplies, durable-replies.ts). */
export const DURABLE_REPLY_SENDER = Symbol('nestjs-wecom:durable-reply-sender');
