import { WeComBotReply } from './bot/wecom-bot-reply.js';
import type { WeComReply } from './app/wecom-reply.js';

/** A passive reply of any family: XML for app callbacks, JSON for AI bots. */
export type HandlerReply = WeComReply | WeComBotReply;

/** The reply's type for logs: `MsgType` of an XML reply, `msgtype` of a bot reply. */
export function replyTypeOf(reply: HandlerReply): string {
  return reply instanceof WeComBotReply ? reply.type : reply.msgType;
}
