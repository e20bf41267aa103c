/** The four kinds of token WeCom issues (PROTOCOL.md §7.1), plus one from the user's own service. */
export type WeComTokenKind = 'corp' | 'suite' | 'provider' | 'auth-corp';

/** The query parameter each kind of token travels in. */
export type TokenQueryName = 'access_token' | 'suite_access_token' | 'provider_access_token';

export interface FetchedToken {
  readonly token: string;
  /** WeCom's `expires_in`: normally 7200. */
  readonly expiresInSeconds: number;
}

/** Why a new token is fetched: none stored, the stored one is due for refresh, or WeCom refused it. */
export type TokenFetchReason = 'missing' | 'refresh' | 'invalidated';

/** How to get one kind of token for one app: its store key and the fetch. */
export interface TokenSource {
  readonly kind: WeComTokenKind;
  /**
   * `kind:corp:app:hash`: scoped by corp, app and a digest of the secret, so that two apps of one
   * corp never share a key (node-easywechat did), and a rotated secret starts a new key.
   */
  readonly key: string;
  readonly queryName: TokenQueryName;
  /** Error codes meaning "this token is no good": the call refreshes the token and retries once. */
  readonly invalidTokenCodes: ReadonlySet<number>;
  /** For log lines: `corp ww123 app 1000002`. Never a secret. */
  readonly label: string;
  fetch(reason: TokenFetchReason): Promise<FetchedToken>;
}

/** 40001 (invalid credential), 40014 (invalid access_token), 42001 (expired): doc 90313. */
export const ACCESS_TOKEN_INVALID_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
/** 42009 (suite_access_token expired), 40082 (invalid suite_token): doc 90313. */
export const SUITE_TOKEN_INVALID_CODES: ReadonlySet<number> = new Set([42009, 40082]);
