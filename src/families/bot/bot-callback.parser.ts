import { WeComErrorCode } from '../../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../errors/wecom-protocol.error.js';

/**
 * A decrypted bot callback (§5.1) → its JSON object, with WeCom's lowercase keys and JSON types.
 * `msgtype` routes it, and `event.eventtype` for events; both must be strings.
 */
export function parseBotCallback(json: string): Record<string, unknown> {
  const payload = parseObject(json, 'bot callback');
  if (typeof payload.msgtype !== 'string' || payload.msgtype === '') refuse('bot callback', 'it has no "msgtype" string');
  if (payload.msgtype === 'event') {
    const event = payload.event as Record<string, unknown> | undefined;
    if (typeof event !== 'object' || event === null || typeof event.eventtype !== 'string') {
      refuse('bot callback', 'an event without an "event.eventtype" string');
    }
  }
  return payload;
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    refuse(what, 'it is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(what, 'it is not a JSON object');
  return value as Record<string, unknown>;
}

function refuse(what: string, reason: string): never {
  throw new WeComProtocolError(WeComErrorCode.ParseXmlError, `${what} refused: ${reason}`);
}
