import type { ResolvedApp } from '../config/resolved-app.js';
import type { WeComContext } from '../context/wecom-context.js';

/** A callback that passed every check: verified, decrypted and parsed, ready for the handlers. */
export interface InboundCallback {
  readonly app: ResolvedApp;
  readonly payload: Record<string, unknown>;
  /** `ctx.rawXml` is the decrypted plaintext as received (JSON for AI bots): what event dedup keys digest. */
  readonly ctx: WeComContext;
}
