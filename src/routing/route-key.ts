import type { WeComAppKind } from '../config/app-kind.js';
import type { WeComHandlerMetadata } from '../decorators/wecom-handler-metadata.js';
import { RouteSpecificity } from './route-specificity.js';

// Route keys are plain strings so that a request costs one Map lookup per specificity level.
// Everything is lower-cased: WeCom sends `LOCATION` upper-case and `click` lower-case (PROTOCOL.md §4.2).
const SEPARATOR = '\u0000';

export const messageKey = (msgType: string): string => `m${SEPARATOR}${msgType.toLowerCase()}`;
export const ANY_MESSAGE_KEY = `m${SEPARATOR}*`;
export const eventKey = (event: string): string => `e${SEPARATOR}${event.toLowerCase()}`;
export const changeKey = (event: string, changeType: string): string =>
  `e${SEPARATOR}${event.toLowerCase()}${SEPARATOR}${changeType.toLowerCase()}`;
// Instruction callbacks (§4.5): InfoType, then ChangeType. Their own prefix keeps `change_contact`
// in suite form apart from the app event of the same name (§4.0: both shapes exist).
export const infoKey = (infoType: string): string => `i${SEPARATOR}${infoType.toLowerCase()}`;
export const infoChangeKey = (infoType: string, changeType: string): string =>
  `i${SEPARATOR}${infoType.toLowerCase()}${SEPARATOR}${changeType.toLowerCase()}`;
// AI bot (§5.1): msgtype, and event.eventtype for events. JSON values are compared as sent.
export const botMessageKey = (msgtype: string): string => `bm${SEPARATOR}${msgtype}`;
export const ANY_BOT_MESSAGE_KEY = `bm${SEPARATOR}*`;
export const botEventKey = (eventtype: string): string => `be${SEPARATOR}${eventtype}`;
export const ANY_BOT_EVENT_KEY = `be${SEPARATOR}*`;

/** The key a decorator registers under, and how specific it is. */
export function routeKeyOf(metadata: WeComHandlerMetadata): { key: string; specificity: RouteSpecificity } {
  switch (metadata.kind) {
    case 'message':
      return metadata.msgType
        ? { key: messageKey(metadata.msgType), specificity: RouteSpecificity.Type }
        : { key: ANY_MESSAGE_KEY, specificity: RouteSpecificity.CatchAll };
    case 'event':
      return metadata.changeType
        ? { key: changeKey(metadata.event, metadata.changeType), specificity: RouteSpecificity.ChangeType }
        : { key: eventKey(metadata.event), specificity: RouteSpecificity.Type };
    case 'info':
      return metadata.changeType
        ? { key: infoChangeKey(metadata.infoType, metadata.changeType), specificity: RouteSpecificity.ChangeType }
        : { key: infoKey(metadata.infoType), specificity: RouteSpecificity.Type };
    case 'bot-message':
      return metadata.msgtype
        ? { key: botMessageKey(metadata.msgtype), specificity: RouteSpecificity.Type }
        : { key: ANY_BOT_MESSAGE_KEY, specificity: RouteSpecificity.CatchAll };
    case 'bot-event':
      return metadata.eventtype
        ? { key: botEventKey(metadata.eventtype), specificity: RouteSpecificity.Type }
        : { key: ANY_BOT_EVENT_KEY, specificity: RouteSpecificity.CatchAll };
  }
}

/** The app kinds a decorator's callbacks can come from: a handler pinned to another kind never runs. */
export function kindsHeardBy(metadata: WeComHandlerMetadata): readonly WeComAppKind[] {
  switch (metadata.kind) {
    case 'info':
      return ['suite'];
    case 'bot-message':
    case 'bot-event':
      return ['bot'];
    default:
      // Event-form instruction callbacks exist too (change_app_admin, §4.5), so suites hear events.
      return ['app', 'suite-data', 'suite'];
  }
}

/** The keys a payload matches, most specific first. */
export function routeKeysOf(payload: Record<string, unknown>, kind: WeComAppKind = 'app'): string[] {
  if (kind === 'bot') return botRouteKeysOf(payload);
  // §4.0: "Dispatch key: InfoType ?? (MsgType=='event' ? Event : MsgType), refined by ChangeType".
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

function botRouteKeysOf(payload: Record<string, unknown>): string[] {
  const { msgtype } = payload;
  if (typeof msgtype !== 'string' || msgtype === '') return [];
  if (msgtype !== 'event') return [botMessageKey(msgtype), ANY_BOT_MESSAGE_KEY];
  const eventtype = (payload.event as { eventtype?: unknown } | undefined)?.eventtype;
  return typeof eventtype === 'string' && eventtype !== '' ? [botEventKey(eventtype), ANY_BOT_EVENT_KEY] : [ANY_BOT_EVENT_KEY];
}
