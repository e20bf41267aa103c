import type { WeComDedupKeyFunction } from '../dedup/dedup-key.js';
import type { WeComDedupStore } from '../dedup/wecom-dedup-store.js';
import type { WeComStoreFailurePolicy } from '../pipeline/delivery-settings.js';

/** One WeCom app: the three values of its console page 接收消息 › 设置API接收, plus where we listen. */
export interface WeComAppOptions {
  /** Unique name; handlers pick an app with `{ app: name }` and `ctx.app` carries it. */
  name: string;
  /** HTTP path of this app's callback URL, e.g. `/wecom/hr`. Must be unique across apps. */
  path: string;
  /** The company's CorpID (`ww…`). It is the receiveid every ciphertext must end with (PROTOCOL.md §1.5). */
  corpId: string;
  /** The callback Token (≤ 32 chars of [A-Za-z0-9]); used only in signatures. */
  token: string;
  /** The 43-character EncodingAESKey. */
  encodingAESKey: string;
  /** The app's AgentId, for reference in `ctx.agentId` and the simulator's defaults. */
  agentId?: string | number;
}

/** Options shared by every app of the module. */
export interface WeComCommonOptions {
  /**
   * How far (in seconds) a request's signed `timestamp` may lie from the server clock.
   * Default 300. `false` turns the check off (only for replaying captured traffic).
   */
  timestampToleranceSeconds?: number | false;
  /** Largest accepted request body in bytes; larger bodies get 413 before any parsing. Default 1 MiB. */
  bodyLimit?: number;
  /**
   * Deduplication of WeCom's retries, on by default with an in-memory store. `false` turns it off
   * (every copy of a callback then runs the handlers).
   */
  dedup?: false | WeComDedupOptions;
  /**
   * If the handlers have not finished after this many ms, WeCom gets an empty 200 (so it does not
   * retry) and the handlers run on; a reply they return later is dropped and logged. Default 4000.
   * `false` waits for the handlers however long they take (WeCom retries after 5 s).
   */
  ackTimeoutMs?: number | false;
  /** How long app.close() waits for handlers still running. Default 10000. */
  shutdownTimeoutMs?: number;
}

/** `dedup` option: how retries of one callback are recognised and remembered. */
export interface WeComDedupOptions {
  /** Where seen callbacks are remembered; default a `MemoryDedupStore`. Use a `RedisDedupStore` for several replicas. */
  store?: WeComDedupStore;
  /** How long a callback is remembered. Default 2 × timestampToleranceSeconds + 80 (680 s with the defaults). */
  ttlSeconds?: number;
  /** Size bound of the default memory store. Default 50000. Ignored with `store`. */
  maxEntries?: number;
  /** Custom identity of a callback; return undefined to fall back to MsgId / digest of the plaintext. */
  key?: WeComDedupKeyFunction;
  /**
   * When the store is unreachable: `'fail-closed'` (default) answers 503 so WeCom retries later;
   * `'fail-open'` runs the handlers anyway, deduplicating only within this process.
   */
  storeFailure?: WeComStoreFailurePolicy;
}

/** Single-app form: `WeComModule.forRoot({ corpId, token, encodingAESKey })`. */
export interface WeComSingleAppOptions extends WeComCommonOptions {
  corpId: string;
  token: string;
  encodingAESKey: string;
  agentId?: string | number;
  /** Callback path; default `/wecom/callback`. */
  path?: string;
  apps?: undefined;
}

/** Multi-app form: `WeComModule.forRoot({ apps: [{ name, path, corpId, token, encodingAESKey }] })`. */
export interface WeComMultiAppOptions extends WeComCommonOptions {
  apps: WeComAppOptions[];
}

export type WeComModuleOptions = WeComSingleAppOptions | WeComMultiAppOptions;
