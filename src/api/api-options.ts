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
