import type { WeComCustomTokenProvider } from './tokens/token-sources.js';
import type { WeComTokenStore } from './tokens/wecom-token-store.js';
import type { KfCursorStore } from './kf/kf-cursor.store.js';
import type { PermanentCodeStore } from './suite/permanent-code.store.js';

/** The module's `api` option: how the active API is reached and where its state is shared. */
export interface WeComApiOptions {
  /** Default `https://qyapi.weixin.qq.com`. */
  baseUrl?: string;
  /** Per request, in ms (per chunk for media downloads). Default 10000. */
  timeoutMs?: number;
  /** Outbound proxy URL (`http://…`): needs the optional `undici` package. */
  proxy?: string;
  /** Where tokens are shared: a `MemoryTokenStore` by default; `new RedisTokenStore({ url })` for replicas. */
  tokenStore?: WeComTokenStore;
  /** Your own token service instead of WeCom's token endpoints (no secret needed then). */
  tokenProvider?: WeComCustomTokenProvider;
  /** Fetch the next token this many seconds before the current one expires. Default 300. */
  refreshAheadSeconds?: number;
  /** At most one forced refresh (after 40014/42001) per token per this many seconds. Default 30. */
  forcedRefreshCooldownSeconds?: number;
  /** Permanent codes of the corps that authorised your suites: memory by default; `RedisPermanentCodeStore` for replicas. */
  permanentCodeStore?: PermanentCodeStore;
  /** 微信客服 sync cursors per open_kfid: memory by default; `RedisKfCursorStore` for replicas. */
  kfCursorStore?: KfCursorStore;
}

/** Active-API fields of a self-built app (`kind: 'app'`, and the single-app form). */
export interface WeComAppApiFields {
  /** The app's Secret (应用管理 › (app) › Secret): what `gettoken` needs. Without it the app has no client. */
  secret?: string;
}

/** Active-API fields of a `suite` app (第三方应用 or 代开发 template). */
export interface WeComSuiteApiFields {
  /** The suite's Secret (服务商管理后台 › 应用 › Secret): with the suite_ticket, it gets the suite_access_token. */
  suiteSecret?: string;
  /**
   * The service provider's own CorpID (服务商信息 › 基本信息). With it, the URL verification (GET) of this
   * suite's callback URL accepts the provider's CorpID as well as the SuiteID (PROTOCOL.md §1.5);
   * POSTs stay strict on the SuiteID. Also the corp of the provider token.
   */
  corpId?: string;
  /** The provider's Secret (服务商管理后台 › 标准应用服务 › 通用开发参数 › ProviderSecret): for `clients.forProvider()`. */
  providerSecret?: string;
}

/** Active-API fields of a `suite-data` app. */
export interface WeComSuiteDataApiFields {
  /** The name of the `suite` app whose authorised corps post here; default: the only `suite` app. */
  suite?: string;
}
