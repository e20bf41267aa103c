/**
 * A callback's type without its ids, for metrics labels and span attributes: bounded in cardinality
 * (no MsgId, no user), and free of content. `text`, `event:click`, `event:change_contact/update_user`,
 * `info:suite_ticket`, `bot:text`, `bot:event:enter_chat`.
 */
export function callbackType(payload: Record<string, unknown>): string {
  const { MsgType, Event, ChangeType, InfoType, msgtype } = payload as Record<string, unknown>;
  if (typeof msgtype === 'string') {
    if (msgtype !== 'event') return `bot:${msgtype}`;
    const eventtype = (payload.event as { eventtype?: unknown } | undefined)?.eventtype;
    return `bot:event:${typeof eventtype === 'string' ? eventtype : 'unknown'}`;
  }
  const change = typeof ChangeType === 'string' && ChangeType !== '' ? `/${ChangeType}` : '';
  if (typeof InfoType === 'string') return `info:${InfoType}${change}`;
  if (MsgType === 'event') return `event:${typeof Event === 'string' ? Event : 'unknown'}${change}`;
  return typeof MsgType === 'string' ? MsgType : 'unknown';
}
