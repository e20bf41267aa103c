import type { WeComBotReply } from '../bot/wecom-bot-reply.js';
import type { WeComReply } from './wecom-reply.js';

/** A passive reply of any family: XML for app callbacks, JSON for AI bots. */
export type HandlerReply = WeComReply | WeComBotReply;
