import { WeComApiError, WeComApiTransportError } from '../../errors/wecom-api.error.js';
import type { ApiHttp, WeComResponseBody } from '../http/api-http.js';
import { tokenKey } from './token-key.js';
import {
  ACCESS_TOKEN_INVALID_CODES,
  SUITE_TOKEN_INVALID_CODES,
  type FetchedToken,
  type TokenFetchReason,
  type TokenSource,
  type WeComTokenKind,
} from './token-source.js';

/** WeCom's default lifetime, used if an answer lacks a sane `expires_in`. */
const DEFAULT_EXPIRES_IN_SECONDS = 7200;

/** A self-built app's token: `GET /cgi-bin/gettoken?corpid&corpsecret` (PROTOCOL.md §7.1). */
export function corpTokenSource(http: ApiHttp, corpId: string, secret: string, appScope: string): TokenSource {
  const path = '/cgi-bin/gettoken';
  return {
    kind: 'corp',
    key: tokenKey('corp', [corpId, appScope], secret),
    queryName: 'access_token',
    invalidTokenCodes: ACCESS_TOKEN_INVALID_CODES,
    label: `corp ${corpId} app ${appScope}`,
    fetch: async () => readToken(await http.json({ method: 'GET', path, query: { corpid: corpId, corpsecret: secret } }), path, 'access_token', [secret]),
  };
}

/**
 * A suite's token: `POST /cgi-bin/service/get_suite_token` with the latest suite_ticket, which WeCom
 * pushes every 10 minutes (§4.5). No ticket yet: 40085, as WeCom itself would answer.
 */
export function suiteTokenSource(
  http: ApiHttp,
  suiteId: string,
  suiteSecret: string,
  ticket: () => Promise<string | undefined>,
): TokenSource {
  const path = '/cgi-bin/service/get_suite_token';
  return {
    kind: 'suite',
    key: tokenKey('suite', [suiteId], suiteSecret),
    queryName: 'suite_access_token',
    invalidTokenCodes: SUITE_TOKEN_INVALID_CODES,
    label: `suite ${suiteId}`,
    fetch: async () => {
      const suiteTicket = await ticket();
      if (!suiteTicket) {
        throw new WeComApiError(40085, `no suite_ticket of suite ${suiteId} received yet (or it expired)`, path);
      }
      const body = await http.json({ method: 'POST', path, body: { suite_id: suiteId, suite_secret: suiteSecret, suite_ticket: suiteTicket } });
      return readToken(body, path, 'suite_access_token', [suiteSecret, suiteTicket]);
    },
  };
}

/** The service provider's token: `POST /cgi-bin/service/get_provider_token`. */
export function providerTokenSource(http: ApiHttp, providerCorpId: string, providerSecret: string): TokenSource {
  const path = '/cgi-bin/service/get_provider_token';
  return {
    kind: 'provider',
    key: tokenKey('provider', [providerCorpId], providerSecret),
    queryName: 'provider_access_token',
    invalidTokenCodes: ACCESS_TOKEN_INVALID_CODES,
    label: `provider ${providerCorpId}`,
    fetch: async () => {
      const body = await http.json({ method: 'POST', path, body: { corpid: providerCorpId, provider_secret: providerSecret } });
      return readToken(body, path, 'provider_access_token', [providerSecret]);
    },
  };
}

/**
 * An authorised corp's token: `POST /cgi-bin/service/get_corp_token?suite_access_token=…` with its
 * permanent code, looked up when a token is needed (so a client can be made before the code is known).
 * `callWithSuiteToken` runs the call with the suite's own token handling (42009 retry). The key is
 * scoped by the suite's own key (which digests the suite secret), not by the permanent code.
 */
export function authCorpTokenSource(
  suite: { suiteId: string; key: string },
  authCorpId: string,
  permanentCode: () => Promise<string>,
  callWithSuiteToken: (path: string, body: unknown) => Promise<WeComResponseBody>,
): TokenSource {
  const path = '/cgi-bin/service/get_corp_token';
  return {
    kind: 'auth-corp',
    key: tokenKey('auth-corp', [suite.suiteId, authCorpId], suite.key),
    queryName: 'access_token',
    invalidTokenCodes: ACCESS_TOKEN_INVALID_CODES,
    label: `suite ${suite.suiteId} corp ${authCorpId}`,
    fetch: async () => {
      const code = await permanentCode();
      const body = await callWithSuiteToken(path, { auth_corpid: authCorpId, permanent_code: code });
      return readToken(body, path, 'access_token', [code]);
    },
  };
}

/** What a custom token provider is asked for. */
export interface WeComTokenRequest {
  readonly kind: WeComTokenKind;
  /** The app's name in the module options. */
  readonly app: string;
  /** The CorpID the token is for (the authorised corp for `auth-corp`; the provider's for `provider`). */
  readonly corpId?: string;
  readonly agentId?: string;
  readonly suiteId?: string;
  /** `invalidated`: WeCom refused the last token: your service should fetch a new one, not return the cached one. */
  readonly reason: TokenFetchReason;
}

/** A token from your own service; `expiresIn` (seconds) lets the module cache it. */
export type WeComCustomTokenProvider = (request: WeComTokenRequest) => Promise<string | { accessToken: string; expiresIn?: number }>;

/** Without an `expiresIn`, a custom token is kept this long. */
const CUSTOM_TOKEN_DEFAULT_SECONDS = 60;

/** The `api.tokenProvider` hook in place of WeCom's token endpoint: for companies with a central token service. */
export function customTokenSource(provider: WeComCustomTokenProvider, request: Omit<WeComTokenRequest, 'reason'>, queryName: TokenSource['queryName']): TokenSource {
  const scope = [request.corpId ?? '', request.suiteId ?? '', request.agentId ?? request.app];
  return {
    kind: request.kind,
    key: `custom:${request.kind}:${scope.map((part) => part.replace(/[:{}\s]/g, '_')).join(':')}`,
    queryName,
    invalidTokenCodes: request.kind === 'suite' ? SUITE_TOKEN_INVALID_CODES : ACCESS_TOKEN_INVALID_CODES,
    label: `${request.kind} token of app "${request.app}" (custom provider)`,
    fetch: async (reason) => {
      const answer = await provider({ ...request, reason });
      const token = typeof answer === 'string' ? answer : answer?.accessToken;
      if (typeof token !== 'string' || token === '') {
        throw new TypeError(`api.tokenProvider returned no token for the ${request.kind} token of app "${request.app}"`);
      }
      const expiresIn = typeof answer === 'string' ? undefined : answer.expiresIn;
      return { token, expiresInSeconds: typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : CUSTOM_TOKEN_DEFAULT_SECONDS };
    },
  };
}

function readToken(body: WeComResponseBody, path: string, field: string, secrets: readonly string[]): FetchedToken {
  if (body.errcode) throw new WeComApiError(body.errcode, redact(body.errmsg ?? '', secrets), path);
  const token = body[field];
  if (typeof token !== 'string' || token === '') throw new WeComApiTransportError('malformed-response', `no ${field} in the answer`, path);
  const expiresIn = Number(body.expires_in);
  return { token, expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_SECONDS };
}

/** WeCom does not echo secrets, but a proxy or a future errmsg might: never pass one on. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) if (secret && secret.length >= 4) result = result.split(secret).join('***');
  return result;
}
