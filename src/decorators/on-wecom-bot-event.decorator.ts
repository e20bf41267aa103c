import type { WeComContext } from '../context/wecom-context.js';
import type { WeComBotEvent, WeComBotEventMap } from '../types/bot.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import { appendHandlerMetadata } from './append-handler-metadata.js';
import { assertDecoratorArguments } from './decorator-arguments.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/** The payload of a bot event handler: typed by eventtype, every event without one. */
export type WeComBotEventPayload<E extends string | undefined> = E extends keyof WeComBotEventMap
  ? WeComBotEventMap[E]
  : E extends undefined
    ? WeComBotEvent
    : Record<string, unknown>;

/**
 * Routes AI bot events (`msgtype` `event`, PROTOCOL.md §5.1) by `event.eventtype`; without it, every
 * event. A string returned from an `enter_chat` handler is the welcome text (reply within 5 s).
 */
export function OnWeComBotEvent<E extends keyof WeComBotEventMap | (string & {}) | undefined = undefined>(
  eventtype?: E,
  options: WeComHandlerOptions = {},
) {
  const metadata: WeComHandlerMetadata = { kind: 'bot-event', eventtype, app: options?.app, durable: options?.durable };
  return <H extends (payload: WeComBotEventPayload<E>, ctx: WeComContext) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ) => {
    assertDecoratorArguments('OnWeComBotEvent', "@OnWeComBotEvent('enter_chat'), or @OnWeComBotEvent() for every event", target, key, [{ what: 'the eventtype', value: eventtype, required: false }], options);
    appendHandlerMetadata(descriptor.value as object, metadata);
    return descriptor;
  };
}
OnWeComBotEvent.KEY = WECOM_HANDLER_METADATA;
