import type { WeComContext } from '../context/wecom-context.js';

/**
 * The arguments every WeCom handler is invoked with, in this order; what `host.getArgs()` holds.
 * Without parameter decorators the handler receives them as they are: `(payload, ctx)`.
 */
export type WeComHandlerArgs = [payload: Record<string, unknown>, ctx: WeComContext];

export const PAYLOAD_ARG_INDEX = 0;
export const CONTEXT_ARG_INDEX = 1;
