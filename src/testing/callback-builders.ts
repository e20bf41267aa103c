import type {
  TextMessage,
  WeComChangeTypeMap,
  WeComEventMap,
  WeComInfoChangeTypeMap,
  WeComInfoTypeMap,
  WeComMessageMap,
  WeComMessageType,
} from '../types/index.js';
import { EVENT_TEMPLATES, INFO_TEMPLATES, MESSAGE_TEMPLATES } from './callback-templates.js';
import {
  freshStamp,
  renderCallbackFields,
  type CallbackAddress,
  type CallbackStamp,
  type FieldOverrides,
} from './callback-renderer.js';
import { findTemplate, type CallbackKind, type ResolvedTemplate } from './template-catalog.js';

/** Fields to set on a built callback, in WeCom's names; `undefined` removes a field the template has. */
export type CallbackFields<P> = { readonly [K in keyof P]?: P[K] | undefined };

/**
 * A callback ready to send: a template of PROTOCOL.md §4, your fields, and its CreateTime and MsgId,
 * fixed when it is built so that sending it twice replays the same message, as WeCom's retries do.
 * The receiver (CorpID), AgentID and sender are filled in by the client that sends it.
 * `P` is the payload type a handler of this callback receives.
 */
export class WeComCallbackDraft<P = Record<string, unknown>> {
  constructor(
    readonly template: ResolvedTemplate,
    readonly stamp: CallbackStamp,
    readonly fields: CallbackFields<P>,
  ) {}

  /** The plaintext fields for one app, in WeCom's order. */
  render(address: CallbackAddress): Record<string, unknown> {
    return renderCallbackFields(this.template, address, this.stamp, this.fields as FieldOverrides);
  }
}

/** Any callback of §4 by WeCom's names, untyped: what the CLI uses (`send event change_contact create_party`). */
export function draftCallback(kind: CallbackKind, type: string, changeType?: string, fields: FieldOverrides = {}): WeComCallbackDraft {
  const template = findTemplate(kind, type, changeType);
  return new WeComCallbackDraft(template, freshStamp(template), fields);
}

/** `change_contact` → `changeContact`, `LOCATION` → `location`. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}` : Lowercase<S>;

export type CallbackBuilder<P> = (fields?: CallbackFields<P>) => WeComCallbackDraft<P>;

type ChangeTypeBuilders<F> = { readonly [C in keyof F & string as CamelCase<C>]: CallbackBuilder<F[C]> };

/** `message.text('hi')`, `message.image({ MediaId })` … one per MsgType of §4.1. */
export type MessageBuilders = {
  readonly [M in WeComMessageType]: M extends 'text'
    ? (content?: string, fields?: CallbackFields<TextMessage>) => WeComCallbackDraft<TextMessage>
    : CallbackBuilder<WeComMessageMap[M]>;
};

/** `event.click({ EventKey })`, `event.changeContact.createParty({ Id, Name })` … one per Event (and ChangeType) of §4.2-§4.4. */
export type EventBuilders = {
  readonly [E in keyof WeComEventMap & string as CamelCase<E>]: E extends keyof WeComChangeTypeMap
    ? ChangeTypeBuilders<WeComChangeTypeMap[E]>
    : CallbackBuilder<WeComEventMap[E]>;
};

/** `info.suiteTicket({ SuiteTicket })`, `info.changeContact.createUser(…)` … one per InfoType (and ChangeType) of §4.5. */
export type InfoBuilders = {
  readonly [I in keyof WeComInfoTypeMap & string as CamelCase<I>]: I extends keyof WeComInfoChangeTypeMap
    ? ChangeTypeBuilders<WeComInfoChangeTypeMap[I]>
    : CallbackBuilder<WeComInfoTypeMap[I]>;
};

/** The runtime twin of the CamelCase type. */
export function camelCase(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

const builderOf =
  (kind: CallbackKind, type: string, changeType?: string) =>
  (fields: FieldOverrides = {}): WeComCallbackDraft =>
    draftCallback(kind, type, changeType, fields);

function buildersOf(kind: CallbackKind, table: Readonly<Record<string, object>>): Record<string, unknown> {
  const builders: Record<string, unknown> = {};
  for (const [type, template] of Object.entries(table)) {
    const changeTypes = (template as { changeTypes?: Record<string, unknown> }).changeTypes;
    builders[camelCase(type)] = changeTypes
      ? Object.fromEntries(Object.keys(changeTypes).map((changeType) => [camelCase(changeType), builderOf(kind, type, changeType)]))
      : builderOf(kind, type);
  }
  return builders;
}

/** Builders of the §4.1 messages. */
export const message = {
  ...buildersOf('message', MESSAGE_TEMPLATES),
  text: (content?: string, fields: FieldOverrides = {}) => draftCallback('message', 'text', undefined, content === undefined ? fields : { Content: content, ...fields }),
} as MessageBuilders;

/** Builders of the §4.2-§4.4 events. */
export const event = buildersOf('event', EVENT_TEMPLATES) as EventBuilders;

/** Builders of the §4.5 third-party / 代开发 instruction callbacks. */
export const info = buildersOf('info', INFO_TEMPLATES) as InfoBuilders;
