import type { ResolvedApp } from '../apps/resolved-app.js';
import type { WeComContext } from '../context/wecom-context.js';
import type { RouteMatch } from '../routing/route-table.js';
import type { RoutedCallback } from '../routing/routed-callback.js';
import type { CallbackFamily } from './callback-family.js';
import type { HandlerReply } from './handler-reply.js';

/**
 * A callback that passed every check: verified, decrypted, parsed and matched to its handlers. The
 * request path hands it to delivery (docs/ARCHITECTURE.md, "The seam"); nothing re-parses it. Built
 * in one place: WeComCallbackEndpoints.inbound.
 */
export interface InboundCallback extends RoutedCallback<HandlerReply> {
  readonly app: ResolvedApp;
  /** The app's family, chosen at boot. */
  readonly family: CallbackFamily;
  readonly payload: Record<string, unknown>;
  /** `ctx.rawXml` is the decrypted plaintext as received (JSON for AI bots): what event dedup keys digest. */
  readonly ctx: WeComContext;
  /** The handlers the family's route table matched, most specific first. */
  readonly matches: readonly RouteMatch[];
}
