import type { WeComAppKind } from '../apps/app-kind.js';
import type { WeComClient } from '../api/client/wecom-client.js';

/** What a handler knows about the callback besides its payload (the second argument of every handler). */
export interface WeComContext {
  /** The app's name: `'default'` in the single-app form. */
  readonly app: string;
  /** The app's family: `'app'`, `'suite'`, `'suite-data'` or `'bot'`. */
  readonly kind: WeComAppKind;
  /** The app's CorpID as configured (the provider's own for `suite-data`; `''` for suites and bots). */
  readonly corpId: string;
  /** The app's AgentId as configured, if any. */
  readonly agentId?: string;
  /** The SuiteID of a `suite` app. */
  readonly suiteId?: string;
  /**
   * `suite-data` apps only: the authorising corp this callback comes from, read from inside the
   * ciphertext (PROTOCOL.md §1.5) and accepted by the `authCorpIds` option. Trust this, not `ToUserName`.
   */
  readonly authCorpId?: string;
  /** The decrypted plaintext exactly as WeCom sent it: XML, or JSON for AI bots. */
  readonly rawXml: string;
  /** The trailing id found inside the ciphertext (PROTOCOL.md §1.5); the CorpID for self-built apps. */
  readonly receiveId: string;
  /** The signed `timestamp` query parameter. */
  readonly timestamp: string;
  /** The signed `nonce` query parameter. */
  readonly nonce: string;
  /** The `msg_signature` query parameter (already verified). */
  readonly signature: string;
  /**
   * The active API client of this callback's app (for `suite-data`: of the authorising corp; for a
   * `suite`: its suite_access_token client): answer later with `ctx.client.message.send(...)`.
   * A client that cannot work (no secret configured, an AI bot) rejects on first use, saying why.
   * Not enumerable, so that logging or serialising the context does not walk the client.
   */
  readonly client: WeComClient;
}
