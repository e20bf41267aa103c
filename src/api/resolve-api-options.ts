import { WeComConfigError } from '../errors/wecom-config.error.js';
import type { WeComApiOptions } from './api-options.js';
import { DEFAULT_API_BASE_URL, DEFAULT_API_TIMEOUT_MS, type ApiHttpOptions } from './http/api-http-options.js';
import { DEFAULT_FORCED_REFRESH_COOLDOWN_MS, DEFAULT_REFRESH_AHEAD_MS } from './tokens/token-provider.js';
import type { WeComCustomTokenProvider } from './tokens/token-sources.js';
import type { WeComTokenStore } from './tokens/wecom-token-store.js';

export interface ResolvedApiOptions {
  readonly http: ApiHttpOptions;
  readonly tokenStore?: WeComTokenStore;
  readonly tokenProvider?: WeComCustomTokenProvider;
  readonly refreshAheadMs: number;
  readonly forcedRefreshCooldownMs: number;
}

/** Validates the `api` option at boot; every message names the option and what it expects. */
export function resolveApiOptions(options: WeComApiOptions | undefined): ResolvedApiOptions {
  const api = options ?? {};
  if (typeof api !== 'object') throw fail('api', `must be an object (got ${typeof api}).`);
  const baseUrl = api.baseUrl ?? DEFAULT_API_BASE_URL;
  if (typeof baseUrl !== 'string' || !isHttpUrl(baseUrl)) throw fail('api.baseUrl', `must be an http(s) URL such as "${DEFAULT_API_BASE_URL}" (got ${JSON.stringify(api.baseUrl)}).`);
  if (/[?#]/.test(baseUrl)) throw fail('api.baseUrl', 'must not carry a query or fragment.');
  const timeoutMs = api.timeoutMs ?? DEFAULT_API_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) throw fail('api.timeoutMs', `must be a whole number of ms between 100 and 600000 (got ${String(api.timeoutMs)}).`);
  if (api.proxy !== undefined && (typeof api.proxy !== 'string' || !isHttpUrl(api.proxy))) {
    throw fail('api.proxy', `must be a proxy URL such as "http://proxy.internal:3128" (got ${typeof api.proxy === 'string' ? 'a string that is not an http(s) URL' : typeof api.proxy}).`);
  }
  const store = api.tokenStore;
  if (store !== undefined && (typeof store !== 'object' || store === null || ['get', 'set', 'invalidate', 'tryLock', 'unlock'].some((m) => typeof (store as unknown as Record<string, unknown>)[m] !== 'function'))) {
    throw fail('api.tokenStore', 'must be a token store (new MemoryTokenStore(), or new RedisTokenStore({ url }) for several replicas).');
  }
  if (api.tokenProvider !== undefined && typeof api.tokenProvider !== 'function') {
    throw fail('api.tokenProvider', 'must be a function (request) => Promise<string | { accessToken, expiresIn }>.');
  }
  const refreshAheadMs = seconds(api.refreshAheadSeconds, 'api.refreshAheadSeconds', DEFAULT_REFRESH_AHEAD_MS);
  const forcedRefreshCooldownMs = seconds(api.forcedRefreshCooldownSeconds, 'api.forcedRefreshCooldownSeconds', DEFAULT_FORCED_REFRESH_COOLDOWN_MS);
  return {
    http: { baseUrl: baseUrl.replace(/\/+$/, ''), timeoutMs, proxy: api.proxy },
    tokenStore: store,
    tokenProvider: api.tokenProvider,
    refreshAheadMs,
    forcedRefreshCooldownMs,
  };
}

function seconds(value: number | undefined, option: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 7200) throw fail(option, `must be a number of seconds between 0 and 7200 (got ${String(value)}).`);
  return value * 1000;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function fail(option: string, problem: string): WeComConfigError {
  return new WeComConfigError(`WeComModule: option "${option}" ${problem}`);
}
