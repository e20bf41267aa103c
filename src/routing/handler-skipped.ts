/**
 * What an invoker resolves to when a guard denied the handler: the handler counts as not matched,
 * so its (absent) result is no reply and no failure.
 */
export const HANDLER_SKIPPED: unique symbol = Symbol('wecom.handler-skipped');
export type HandlerSkipped = typeof HANDLER_SKIPPED;
