import type { ResolvedApp } from '../config/resolved-app.js';
import type { WeComContext } from '../context/wecom-context.js';

/** A callback that passed every check: verified, decrypted and parsed, ready for the handlers. */
export interface InboundCallback {
  readonly app: ResolvedApp;
  readonly payload: Record<string, unknown>;
  readonly ctx: WeComContext;
  /** The decrypted plaintext exactly as received (XML, or JSON for AI bots); retries of one callback carry the same plaintext. */
  readonly plaintext: string;
}
