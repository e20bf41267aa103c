import type { WeComContext } from '../context/wecom-context.js';
import type { WeComBotMessage, WeComBotMessageMap } from '../types/bot.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import { appendHandlerMetadata } from './append-handler-metadata.js';
import { assertDecoratorArguments } from './decorator-arguments.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/** The payload of a bot message handler: typed by msgtype, every message without one. */
export type WeComBotMessagePayload<M extends string | undefined> = M extends keyof WeComBotMessageMap
  ? WeComBotMessageMap[M]
  : M extends undefined
    ? WeComBotMessage
    : Record<string, unknown>;

/**
 * Routes AI bot messages (PROTOCOL.md §5.1) by `msgtype`; without it, every message. The return value
 * is the passive reply: a string, a WeComBotReply, a WeComBotStream or an async iterable of chunks.
 * A `stream` handler hears refresh polls for streams this process does not hold (another replica's).
 */
export function OnWeComBotMessage<M extends keyof WeComBotMessageMap | (string & {}) | undefined = undefined>(
  msgtype?: M,
  options: WeComHandlerOptions = {},
) {
  const metadata: WeComHandlerMetadata = { kind: 'bot-message', msgtype, app: options?.app, durable: options?.durable };
  return <H extends (payload: WeComBotMessagePayload<M>, ctx: WeComContext) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ) => {
    assertDecoratorArguments('OnWeComBotMessage', "@OnWeComBotMessage('text'), or @OnWeComBotMessage() for every message", target, key, [{ what: 'the msgtype', value: msgtype, required: false }], options);
    appendHandlerMetadata(descriptor.value as object, metadata);
    return descriptor;
  };
}
OnWeComBotMessage.KEY = WECOM_HANDLER_METADATA;
