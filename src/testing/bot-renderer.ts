import { randomBytes } from 'node:crypto';
import { mergeFields, nowInSeconds, type FieldOverrides } from './callback-renderer.js';
import { BOT_EVENT_TEMPLATES, BOT_MESSAGE_TEMPLATES } from './bot-templates.js';

/** The two kinds of AI bot callback (PROTOCOL.md §5.1): messages by `msgtype`, events by `event.eventtype`. */
export type BotCallbackKind = 'bot-message' | 'bot-event';

/** One bot template, found by name. */
export interface ResolvedBotTemplate {
  readonly kind: BotCallbackKind;
  /** msgtype, or the event's eventtype. */
  readonly type: string;
  /** Messages: the body after the header. Events: the details under `event[eventtype]`. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** Who the bot callback comes from and which bot it is for. */
export interface BotCallbackAddress {
  readonly aibotId: string;
  /** `from.userid`. */
  readonly fromUser: string;
}

/** What stays the same when the callback is replayed (WeCom's retries keep the msgid, §3.2). */
export interface BotCallbackStamp {
  readonly msgid: string;
  /** Events only: seconds since the epoch (a JSON number in WeCom's example). */
  readonly createTime?: number;
  /** Messages only: the one-shot active-reply URL (doc 101138). */
  readonly responseUrl?: string;
}

/** A msgid like WeCom's (`CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=`): 20 random bytes in base64. */
export const freshBotMsgId = (): string => randomBytes(20).toString('base64');

export function freshBotStamp(template: Pick<ResolvedBotTemplate, 'kind'>, nowMs?: number): BotCallbackStamp {
  return template.kind === 'bot-event'
    ? { msgid: freshBotMsgId(), createTime: Number(nowInSeconds(nowMs)) }
    : { msgid: freshBotMsgId(), responseUrl: `https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=${randomBytes(16).toString('hex')}` };
}

/**
 * The JSON plaintext of a bot callback, keys in WeCom's order (§5.1): msgid, (create_time,) aibotid,
 * chattype, from, (response_url,) msgtype, then the body; fields override last (`chattype: 'group'`
 * with a `chatid` for a group chat). `undefined` removes a key, objects merge.
 */
export function renderBotCallback(
  template: ResolvedBotTemplate,
  address: BotCallbackAddress,
  stamp: BotCallbackStamp,
  overrides: FieldOverrides = {},
): Record<string, unknown> {
  const payload: Record<string, unknown> = { msgid: stamp.msgid };
  if (template.kind === 'bot-event') payload.create_time = stamp.createTime ?? Number(nowInSeconds());
  payload.aibotid = address.aibotId;
  payload.chattype = 'single';
  payload.from = { userid: address.fromUser };
  if (template.kind === 'bot-message') {
    if (stamp.responseUrl) payload.response_url = stamp.responseUrl;
    payload.msgtype = template.type;
    Object.assign(payload, structuredClone(template.body));
  } else {
    payload.msgtype = 'event';
    payload.event = { eventtype: template.type, [template.type]: structuredClone(template.body) };
  }
  return mergeFields(payload, overrides);
}

/** A name no bot template carries; the message lists what exists. */
export class UnknownBotTemplateError extends Error {
  override readonly name = 'UnknownBotTemplateError';
}

const TABLES: Record<BotCallbackKind, Readonly<Record<string, Readonly<Record<string, unknown>>>>> = {
  'bot-message': BOT_MESSAGE_TEMPLATES as Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  'bot-event': BOT_EVENT_TEMPLATES as Readonly<Record<string, Readonly<Record<string, unknown>>>>,
};

/** The bot template of `type`, matched exactly then case-insensitively. */
export function findBotTemplate(kind: BotCallbackKind, type: string): ResolvedBotTemplate {
  const table = TABLES[kind];
  const canonical = type in table ? type : Object.keys(table).find((name) => name.toLowerCase() === type.toLowerCase());
  if (canonical === undefined) {
    const word = kind === 'bot-message' ? 'bot msgtype' : 'bot eventtype';
    throw new UnknownBotTemplateError(`no ${word} "${type}" in the AI bot catalog (docs/PROTOCOL.md §5.1). Known: ${Object.keys(table).join(', ')}.`);
  }
  return { kind, type: canonical, body: table[canonical] };
}

/** Every bot template, for `nestjs-wecom templates`. */
export function listBotTemplates(): Array<{ kind: BotCallbackKind; type: string }> {
  return (Object.keys(TABLES) as BotCallbackKind[]).flatMap((kind) => Object.keys(TABLES[kind]).map((type) => ({ kind, type })));
}
