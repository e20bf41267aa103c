import type { ReceiveIdCheck, WeComCrypto } from '../crypto/wecom-crypto.js';
import type { WeComAppKind } from './app-kind.js';

/** An app after validation, with its crypto ready: what the request path works with. */
export interface ResolvedApp {
  readonly kind: WeComAppKind;
  readonly name: string;
  /** Normalized: leading slash, no trailing slash. */
  readonly path: string;
  /** The CorpID as configured (the provider's own for `suite-data`); `''` for suites and bots. */
  readonly corpId: string;
  /** The SuiteID of a `suite` app. */
  readonly suiteId?: string;
  readonly agentId?: string;
  readonly crypto: WeComCrypto;
  /** What the trailing id of every ciphertext must be (PROTOCOL.md §1.5). */
  readonly receiveId: ReceiveIdCheck;
  /** What the GET verification's echostr must end with (differs from `receiveId` for suite data callbacks). */
  readonly verifyReceiveId: ReceiveIdCheck;
  readonly timestampToleranceSeconds: number | false;
  /** Largest accepted body, bytes (the `bodyLimit` option). */
  readonly bodyLimit: number;
  /** Longest time to receive a body, ms (the `bodyReadTimeoutMs` option). */
  readonly bodyReadTimeoutMs: number;
}
