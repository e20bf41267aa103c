import { randomBytes } from 'node:crypto';
import { toXml } from '../xml/xml-writer.js';
import { SAMPLE_AUTH_CORP_ID } from './callback-templates.js';
import type { ResolvedTemplate } from './template-catalog.js';

/** Who receives the callback: filled into the header of every rendered plaintext. */
export interface CallbackAddress {
  /** ToUserName of app callbacks (the CorpID), SuiteId / ServiceCorpId of instruction callbacks. */
  readonly receiver: string;
  /** AgentID of the callbacks that carry one. */
  readonly agentId: string;
  /** FromUserName of messages and member events. */
  readonly fromUser: string;
}

/** What must stay the same when a callback is replayed: WeCom's retries repeat the same message. */
export interface CallbackStamp {
  /** Seconds since the epoch. */
  readonly createTime: string;
  /** Messages only. */
  readonly msgId?: string;
}

/** Field overrides: a value replaces the template's, an object merges into it, `undefined` removes the field. */
export type FieldOverrides = Readonly<Record<string, unknown>>;

/** Whole seconds, as every WeCom timestamp (§4.0). */
export const nowInSeconds = (nowMs: number = Date.now()): string => String(Math.floor(nowMs / 1000));

/**
 * A fresh MsgId: a random 64-bit id in [2^62, 2^63), so every simulated message is above 2^53 like
 * WeCom's real ones (§4.0: 4561255354251345929) and code that turns it into a Number shows its bug.
 */
export function freshMsgId(): string {
  const random = randomBytes(8).readBigUInt64BE();
  return (BigInt.asUintN(62, random) | (1n << 62n)).toString();
}

/** Stamps a new callback: now, and a fresh MsgId for messages. */
export function freshStamp(template: Pick<ResolvedTemplate, 'kind'>, nowMs?: number): CallbackStamp {
  return template.kind === 'message' ? { createTime: nowInSeconds(nowMs), msgId: freshMsgId() } : { createTime: nowInSeconds(nowMs) };
}

/**
 * The plaintext fields of a callback in WeCom's order (PROTOCOL.md §4.0): header, the template's body,
 * then the caller's overrides. App callbacks: ToUserName, FromUserName, CreateTime, MsgType, Event,
 * ChangeType, body, MsgId, AgentID. Instruction callbacks: SuiteId (or ServiceCorpId), InfoType,
 * TimeStamp, AuthCorpId, ChangeType, body.
 */
export function renderCallbackFields(
  template: ResolvedTemplate,
  address: CallbackAddress,
  stamp: CallbackStamp,
  overrides: FieldOverrides = {},
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (template.kind === 'info') {
    fields[template.receiver ?? 'SuiteId'] = address.receiver;
    fields.InfoType = template.type;
    fields.TimeStamp = stamp.createTime;
    if (template.authCorpId) fields.AuthCorpId = SAMPLE_AUTH_CORP_ID;
  } else {
    fields.ToUserName = address.receiver;
    if (template.sender !== 'none') fields.FromUserName = template.sender === 'sys' ? 'sys' : address.fromUser;
    fields.CreateTime = stamp.createTime;
    fields.MsgType = template.kind === 'message' ? template.type : 'event';
    if (template.kind === 'event') fields.Event = template.type;
  }
  if (template.changeType !== undefined) fields.ChangeType = template.changeType;
  Object.assign(fields, structuredClone(template.body));
  if (template.kind === 'message') fields.MsgId = stamp.msgId ?? freshMsgId();
  if (template.agentId) fields.AgentID = address.agentId;
  return mergeFields(fields, overrides);
}

/** Deep merge for plain objects; arrays and leaves are replaced; `undefined` deletes. */
export function mergeFields(base: Record<string, unknown>, overrides: FieldOverrides): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) {
      delete merged[name];
    } else if (isPlainObject(value) && isPlainObject(merged[name])) {
      merged[name] = mergeFields(merged[name] as Record<string, unknown>, value);
    } else {
      merged[name] = value;
    }
  }
  return merged;
}

/** Written bare, as WeCom writes them (`<CreateTime>1348831860</CreateTime>`, §4.1 sample); the rest in CDATA. */
const BARE_NUMERIC_FIELDS = new Set(['CreateTime', 'TimeStamp', 'MsgId', 'AgentID']);

/** The plaintext XML WeCom would encrypt for these fields. */
export function renderCallbackXml(fields: Record<string, unknown>): string {
  const written: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    // BigInt, not Number: MsgId is beyond 2^53 (§4.0).
    written[name] = BARE_NUMERIC_FIELDS.has(name) && typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : value;
  }
  return toXml(written);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
