import type { WeComAppKind } from '../apps/app-kind.js';
import type { WeComHandlerMetadata } from '../decorators/wecom-handler-metadata.js';
import { clip } from '../errors/input-excerpt.js';
import type { RouteEntry } from '../routing/route-keying.js';
import { RouteSpecificity } from '../routing/route-specificity.js';
import { parseCallbackXml } from '../xml/callback-xml.parser.js';
import { scanEnvelope } from '../xml/envelope.scanner.js';
import { toReply } from './app/reply-plaintext.builder.js';
import type { WeComReply } from './app/wecom-reply.js';
import type { CallbackFamily } from './callback-family.js';
import type { CallbackResponse } from './callback-response.js';
import type { InboundCallback } from './inbound-callback.js';

/**
 * What the XML families (app, suite-data, suite) share: the `<xml><Encrypt/></xml>` envelope
 * (PROTOCOL.md §3.2), XML plaintexts (§4), their route keys, their log names, and WeComReply as the
 * reply type. Each subclass says which decorators it hears and how it answers.
 */
export abstract class XmlCallbackFamily implements CallbackFamily<WeComReply> {
  abstract readonly kind: WeComAppKind;
  abstract routeOf(metadata: WeComHandlerMetadata): RouteEntry | undefined;
  abstract respond(reply: WeComReply | undefined, inbound: InboundCallback): CallbackResponse;

  /** latin1: one character per byte, no UTF-8 decoding of a body nobody has authenticated yet. */
  readEncrypt(body: Buffer): string {
    return scanEnvelope(body.toString('latin1'));
  }

  parse(plaintext: string): Record<string, unknown> {
    return parseCallbackXml(plaintext);
  }

  /** §4.0: "Dispatch key: InfoType ?? (MsgType=='event' ? Event : MsgType), refined by ChangeType". */
  routeKeysOf(payload: Record<string, unknown>): readonly string[] {
    const infoType = payload.InfoType;
    const changeType = typeof payload.ChangeType === 'string' && payload.ChangeType !== '' ? payload.ChangeType : undefined;
    if (typeof infoType === 'string' && infoType !== '') {
      return changeType ? [infoChangeKey(infoType, changeType), infoKey(infoType)] : [infoKey(infoType)];
    }
    const msgType = payload.MsgType;
    if (typeof msgType !== 'string' || msgType === '') return [];
    if (msgType.toLowerCase() !== 'event') return [messageKey(msgType), ANY_MESSAGE_KEY];
    const event = payload.Event;
    if (typeof event !== 'string' || event === '') return [];
    return changeType ? [changeKey(event, changeType), eventKey(event)] : [eventKey(event)];
  }

  /** `text MsgId=123`, `event change_contact/create_user`, `info suite_ticket`: enough to find the callback in WeCom's logs. */
  describe(payload: Record<string, unknown>): string {
    const { MsgType, Event, ChangeType, MsgId, InfoType } = payload;
    const change = ChangeType ? `/${clip(ChangeType)}` : '';
    if (InfoType) return `info ${clip(InfoType)}${change}`;
    if (MsgType === 'event') return `event ${clip(Event)}${change}`;
    return `${MsgType ? clip(MsgType) : 'unknown'}${MsgId ? ` MsgId=${clip(MsgId)}` : ''}`;
  }

  authCorpIdOf(_receiveId: string): string | undefined {
    return undefined;
  }

  toReply(result: unknown): WeComReply | undefined {
    return toReply(result);
  }
}

// Route keys are plain strings so that a callback costs one Map lookup per specificity level.
// Everything is lower-cased: WeCom sends `LOCATION` upper-case and `click` lower-case (PROTOCOL.md §4.2).
const SEPARATOR = '\u0000';
const messageKey = (msgType: string): string => `m${SEPARATOR}${msgType.toLowerCase()}`;
const ANY_MESSAGE_KEY = `m${SEPARATOR}*`;
const eventKey = (event: string): string => `e${SEPARATOR}${event.toLowerCase()}`;
const changeKey = (event: string, changeType: string): string => `e${SEPARATOR}${event.toLowerCase()}${SEPARATOR}${changeType.toLowerCase()}`;
// Instruction callbacks (§4.5): InfoType, then ChangeType. Their own prefix keeps `change_contact`
// in suite form apart from the app event of the same name (§4.0: both shapes exist).
const infoKey = (infoType: string): string => `i${SEPARATOR}${infoType.toLowerCase()}`;
const infoChangeKey = (infoType: string, changeType: string): string =>
  `i${SEPARATOR}${infoType.toLowerCase()}${SEPARATOR}${changeType.toLowerCase()}`;

/** @OnWeComMessage(msgType?) and @OnWeComEvent(event, changeType?): what app callbacks are routed by. */
export function appRouteOf(metadata: WeComHandlerMetadata): RouteEntry | undefined {
  switch (metadata.kind) {
    case 'message':
      return metadata.msgType
        ? { key: messageKey(metadata.msgType), specificity: RouteSpecificity.Type }
        : { key: ANY_MESSAGE_KEY, specificity: RouteSpecificity.CatchAll };
    case 'event':
      return metadata.changeType
        ? { key: changeKey(metadata.event, metadata.changeType), specificity: RouteSpecificity.ChangeType }
        : { key: eventKey(metadata.event), specificity: RouteSpecificity.Type };
    default:
      return undefined;
  }
}

/** @OnWeComInfo(infoType, changeType?): what instruction callbacks are routed by. */
export function infoRouteOf(metadata: WeComHandlerMetadata): RouteEntry | undefined {
  if (metadata.kind !== 'info') return undefined;
  return metadata.changeType
    ? { key: infoChangeKey(metadata.infoType, metadata.changeType), specificity: RouteSpecificity.ChangeType }
    : { key: infoKey(metadata.infoType), specificity: RouteSpecificity.Type };
}
