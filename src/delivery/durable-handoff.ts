import type { InboundCallback } from '../families/inbound-callback.js';
import type { RouteMatch } from '../routing/route-table.js';

/**
 * Where the executor hands a callback's durable handlers over (docs/ARCHITECTURE.md, "The seam").
 * Provide an implementation under `WECOM_DURABLE_HANDOFF`; without one, every handler runs inline.
 * The module provides its BullMQ queue here (`delivery/durable/wecom-durable.queue.ts`) when the
 * `durable` option is set.
 *
 * The executor calls `enqueue` once per callback, after it won the callback's claim and before WeCom
 * is answered, with the callback's durable matches (`durableMatches`, below):
 * - it answers WeCom only once `enqueue` resolved: resolve only when the job is stored (the job id
 *   should be `key`, the dedup key, so a copy that gets through never enqueues a second job);
 * - a rejection answers 503, releases the claim, and runs none of the inline handlers, so WeCom's
 *   retry tries the whole callback again;
 * - if `enqueue` has not resolved by the ack deadline, WeCom gets a 503 (it retries; the claim holds
 *   until `enqueue` settles, so the retry finds the job or a released claim, never a second run);
 * - the callback's inline handlers run after `enqueue` resolved; their reply is the passive reply.
 */
export interface DurableHandoff {
  enqueue(key: string, inbound: InboundCallback, durable: readonly RouteMatch[]): Promise<void>;
  /**
   * Which of the callback's matches go to the queue, when the hand-off decides that itself (the
   * module's queue does: a handler's own `{ durable }`, else its app's `durable`, else the module's
   * `durable.byDefault`; and an AI bot's stream refresh poll never). Called once per callback, on
   * the request path, synchronously: keep it cheap. Without it, the decorator's flag decides
   * (`isDurable`).
   */
  durableMatches?(inbound: InboundCallback): readonly RouteMatch[];
}

export const WECOM_DURABLE_HANDOFF = Symbol('WECOM_DURABLE_HANDOFF');

/** Whether a matched handler is declared durable (`{ durable: true }` in its decorator's options). */
export function isDurable(match: RouteMatch): boolean {
  return (match.handler.metadata as { durable?: unknown }).durable === true;
}

/** The callback's durable matches as `handoff` decides them, or undefined when there are none. */
export function durableMatchesOf(handoff: DurableHandoff, inbound: InboundCallback): readonly RouteMatch[] | undefined {
  if (handoff.durableMatches) {
    const durable = handoff.durableMatches(inbound);
    return durable.length > 0 ? durable : undefined;
  }
  return inbound.matches.some(isDurable) ? inbound.matches.filter(isDurable) : undefined;
}
