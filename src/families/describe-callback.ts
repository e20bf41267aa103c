import type { InboundCallback } from './inbound-callback.js';

/** `text MsgId=123`, `event change_contact/create_user`, `bot text msgid=…`: the callback as its family names it in logs. */
export function describeCallback(inbound: Pick<InboundCallback, 'family' | 'payload'>): string {
  return inbound.family.describe(inbound.payload);
}
