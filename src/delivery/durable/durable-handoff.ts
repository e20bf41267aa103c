import type { InboundCallback } from '../../families/inbound-callback.js';
import type { RouteMatch } from '../../routing/route-table.js';

/**
 * Where delivery hands a callback's durable handlers to the queue: after the dedup claim is won and
 * before WeCom is answered. Inline handlers still run inline.
 */
export interface DurableHandoff {
  /** The matches of this callback that run from the queue; empty for a callback without durable handlers. */
  durableMatches(inbound: InboundCallback): readonly RouteMatch[];
  /**
   * Writes the callback to the queue under its dedup key (the job id): a second write of the same
   * key adds nothing. Resolves once Redis has it; rejects with WeComDurableQueueUnavailableError (503).
   */
  enqueue(key: string, inbound: InboundCallback, durableMatches: readonly RouteMatch[]): Promise<void>;
}
