/**
 * The ideal pipeline's handlers, doing what bench/servers/wecom-bench.module.ts's handlers do: echo a
 * text message, touch a contact update's payload. Called directly, no routing.
 */
let updates = 0;

export function idealHandler(message: Record<string, unknown>): string | undefined {
  if (message.MsgType === 'text') return `echo: ${message.Content as string}`;
  const ext = message.ExtAttr as { Item?: unknown[] } | undefined;
  if (message.Event === 'change_contact' && message.UserID && ext?.Item?.length) updates++;
  return undefined;
}

export const idealUpdates = (): number => updates;
