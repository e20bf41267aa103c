import type {
  BotStreamMessage,
  BotTextMessage,
  BotVoiceMessage,
  WeComBotEventMap,
  WeComBotMessageMap,
} from '../types/bot.js';
import type { CallbackFields } from './callback-builders.js';
import { camelCase } from './callback-builders.js';
import type { FieldOverrides } from './callback-renderer.js';
import { BOT_EVENT_TEMPLATES, BOT_MESSAGE_TEMPLATES, type BotEventDetails } from './bot-templates.js';
import {
  findBotTemplate,
  freshBotStamp,
  renderBotCallback,
  type BotCallbackAddress,
  type BotCallbackKind,
  type BotCallbackStamp,
  type ResolvedBotTemplate,
} from './bot-renderer.js';

/**
 * An AI bot callback ready to send (PROTOCOL.md §5.1): a template, your fields, and its msgid (and
 * create_time or response_url), fixed when it is built so that sending it twice replays the same
 * message, as WeCom's retries do. The bot's id and the sender are filled in by the client.
 * `P` is the payload type a handler of this callback receives.
 */
export class WeComBotCallbackDraft<P = Record<string, unknown>> {
  constructor(
    readonly template: ResolvedBotTemplate,
    readonly stamp: BotCallbackStamp,
    readonly fields: CallbackFields<P>,
  ) {}

  /** The JSON plaintext's object for one bot. */
  render(address: BotCallbackAddress): Record<string, unknown> {
    return renderBotCallback(this.template, address, this.stamp, this.fields as FieldOverrides);
  }
}

/** Any bot callback by WeCom's names, untyped: what the CLI uses (`send bot event enter_chat`). */
export function draftBotCallback(kind: BotCallbackKind, type: string, fields: FieldOverrides = {}): WeComBotCallbackDraft {
  const template = findBotTemplate(kind, type);
  return new WeComBotCallbackDraft(template, freshBotStamp(template), fields);
}

export type BotCallbackBuilder<P> = (fields?: CallbackFields<P>) => WeComBotCallbackDraft<P>;

/**
 * `botMessage.text('hi')`, `botMessage.image({ image: { url } })`, `botMessage.stream(id)` (WeCom's
 * refresh poll of a streamed answer) … one per msgtype of §5.1. Fields are the payload's own keys:
 * `{ chattype: 'group', chatid: 'CHATID' }` makes it a group message.
 */
export type BotMessageBuilders = {
  readonly [M in keyof WeComBotMessageMap]: M extends 'text'
    ? (content?: string, fields?: CallbackFields<BotTextMessage>) => WeComBotCallbackDraft<BotTextMessage>
    : M extends 'voice'
      ? (content?: string, fields?: CallbackFields<BotVoiceMessage>) => WeComBotCallbackDraft<BotVoiceMessage>
      : M extends 'stream'
        ? (streamId: string, fields?: CallbackFields<BotStreamMessage>) => WeComBotCallbackDraft<BotStreamMessage>
        : BotCallbackBuilder<WeComBotMessageMap[M]>;
};


/**
 * `botEvent.enterChat()`, `botEvent.templateCardEvent({ event_key: 'approve', task_id })` … one per
 * eventtype of §5.1. The first argument is the event's details (under `event[eventtype]`), the
 * second the payload's other keys.
 */
export type BotEventBuilders = {
  readonly [E in keyof WeComBotEventMap as CamelCaseName<E>]: (
    details?: BotEventDetails<E>,
    fields?: CallbackFields<WeComBotEventMap[E]>,
  ) => WeComBotCallbackDraft<WeComBotEventMap[E]>;
};

type CamelCaseName<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}${Capitalize<CamelCaseName<Tail>>}` : Lowercase<S>;

const withContent = (type: 'text' | 'voice') => (content?: string, fields: FieldOverrides = {}) =>
  draftBotCallback('bot-message', type, content === undefined ? fields : { [type]: { content }, ...fields });

/** Builders of the §5.1 bot messages. */
export const botMessage = {
  ...Object.fromEntries(Object.keys(BOT_MESSAGE_TEMPLATES).map((type) => [type, (fields: FieldOverrides = {}) => draftBotCallback('bot-message', type, fields)])),
  text: withContent('text'),
  voice: withContent('voice'),
  stream: (streamId: string, fields: FieldOverrides = {}) => {
    if (typeof streamId !== 'string' || streamId === '') throw new TypeError('botMessage.stream(streamId): the id of the stream to poll, from the first answer.');
    return draftBotCallback('bot-message', 'stream', { stream: { id: streamId }, ...fields });
  },
} as BotMessageBuilders;

/** Builders of the §5.1 bot events. */
export const botEvent = Object.fromEntries(
  Object.keys(BOT_EVENT_TEMPLATES).map((type) => [
    camelCase(type),
    (details?: Record<string, unknown>, fields: FieldOverrides = {}) =>
      draftBotCallback('bot-event', type, details === undefined ? fields : { event: { [type]: details }, ...fields }),
  ]),
) as BotEventBuilders;
