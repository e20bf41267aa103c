/** Where and how the active API is reached; validated once at boot (resolve-api-options.ts). */
export interface ApiHttpOptions {
  /** Default `https://qyapi.weixin.qq.com`; no trailing slash. */
  readonly baseUrl: string;
  /** Per request (per chunk for media downloads). Default 10000. */
  readonly timeoutMs: number;
  /** Outbound HTTP(S) proxy URL, e.g. `http://proxy.internal:3128`; needs the `undici` package. */
  readonly proxy?: string;
}

export const DEFAULT_API_BASE_URL = 'https://qyapi.weixin.qq.com';
export const DEFAULT_API_TIMEOUT_MS = 10_000;
