import { WeComReply } from '../app/wecom-reply.js';
import { isAsyncIterable, WeComBotReply } from './wecom-bot-reply.js';
import { WeComBotStream } from './wecom-bot-stream.js';

/** What a bot handler may return; anything empty means "no passive reply" (an empty 200, §5.1). */
export type WeComBotHandlerResult = string | WeComBotReply | WeComBotStream | AsyncIterable<string> | void | null | undefined;

/** Turns a bot handler's result into a reply, or undefined for "nothing to say". */
export function toBotReply(result: unknown, payload: Record<string, unknown>): WeComBotReply | undefined {
  if (result === undefined || result === null || result === '') return undefined;
  if (result instanceof WeComBotReply) return result;
  if (result instanceof WeComBotStream) return WeComBotReply.stream(result);
  // Events are answered with text (the enter_chat welcome); messages only with streams or cards (§5.1).
  if (typeof result === 'string') return payload.msgtype === 'event' ? WeComBotReply.text(result) : WeComBotReply.stream(result);
  if (isAsyncIterable(result)) return WeComBotReply.stream(result as AsyncIterable<string>);
  if (result instanceof WeComReply) {
    throw new TypeError('a bot handler returned a WeComReply (XML, for app callbacks); return a WeComBotReply instead.');
  }
  throw new TypeError('a bot handler returned something else than a string, a WeComBotReply, a WeComBotStream or an async iterable.');
}
