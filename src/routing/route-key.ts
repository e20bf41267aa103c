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

/** The key a decorator registers under, and how specific it is. */
export function routeKeyOf(metadata: WeComHandlerMetadata): { key: string; specificity: RouteSpecificity } {
  if (metadata.kind === 'message') {
    return metadata.msgType
      ? { key: messageKey(metadata.msgType), specificity: RouteSpecificity.Type }
      : { key: ANY_MESSAGE_KEY, specificity: RouteSpecificity.CatchAll };
  }
  return metadata.changeType
    ? { key: changeKey(metadata.event, metadata.changeType), specificity: RouteSpecificity.ChangeType }
    : { key: eventKey(metadata.event), specificity: RouteSpecificity.Type };
}

/** The keys a payload matches, most specific first. */
export function routeKeysOf(payload: Record<string, unknown>): string[] {
  const msgType = payload.MsgType;
  if (typeof msgType !== 'string' || msgType === '') return [];
  if (msgType.toLowerCase() !== 'event') return [messageKey(msgType), ANY_MESSAGE_KEY];
  const event = payload.Event;
  if (typeof event !== 'string' || event === '') return [];
  const changeType = payload.ChangeType;
  return typeof changeType === 'string' && changeType !== ''
    ? [changeKey(event, changeType), eventKey(event)]
    : [eventKey(event)];
}
