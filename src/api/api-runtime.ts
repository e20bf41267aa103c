import { WeComApiError } from '../errors/wecom-api.error.js';
import { WeComClient } from './client/wecom-client.js';
import { ApiHttp } from './http/api-http.js';
import type { ResolvedApiOptions } from './resolve-api-options.js';
import { MemoryTokenStore } from './tokens/memory-token.store.js';
import { TokenProvider } from './tokens/token-provider.js';
import type { TokenSource } from './tokens/token-source.js';
import { authCorpTokenSource, corpTokenSource, customTokenSource, providerTokenSource, suiteTokenSource } from './tokens/token-sources.js';

/** The HTTP client and the token provider every client of one module shares. */
export class ApiRuntime {
  readonly http: ApiHttp;
  readonly tokens: TokenProvider;

  constructor(readonly options: ResolvedApiOptions) {
    this.http = new ApiHttp(options.http);
    this.tokens = new TokenProvider({
      store: options.tokenStore ?? new MemoryTokenStore(),
      refreshAheadMs: options.refreshAheadMs,
      forcedRefreshCooldownMs: options.forcedRefreshCooldownMs,
      lockTtlMs: Math.max(5000, options.http.timeoutMs * 2),
    });
  }

  /** A self-built app (or a 代开发 app used with its own secret): `gettoken`. */
  appClient(app: { name: string; corpId: string; agentId?: string; secret?: string }): WeComClient {
    const source = this.options.tokenProvider
      ? customTokenSource(this.options.tokenProvider, { kind: 'corp', app: app.name, corpId: app.corpId, agentId: app.agentId }, 'access_token')
      : corpTokenSource(this.http, app.corpId, requireSecret(app.secret, app.name, 'secret'), app.agentId ?? app.name);
    return this.client(source, app.name, app.agentId);
  }

  /** A suite's own client (suite_access_token), for `service/*` calls. */
  suiteClient(app: { name: string; suiteId: string }, source: TokenSource): WeComClient {
    return this.client(source, app.name);
  }

  suiteSource(app: { name: string; suiteId: string; suiteSecret?: string }, ticket: () => Promise<string | undefined>): TokenSource {
    return this.options.tokenProvider
      ? customTokenSource(this.options.tokenProvider, { kind: 'suite', app: app.name, suiteId: app.suiteId }, 'suite_access_token')
      : suiteTokenSource(this.http, app.suiteId, requireSecret(app.suiteSecret, app.name, 'suiteSecret'), ticket);
  }

  /** The service provider's client (provider_access_token). */
  providerClient(app: { name: string; corpId: string; providerSecret?: string }): WeComClient {
    const source = this.options.tokenProvider
      ? customTokenSource(this.options.tokenProvider, { kind: 'provider', app: app.name, corpId: app.corpId }, 'provider_access_token')
      : providerTokenSource(this.http, app.corpId, requireSecret(app.providerSecret, app.name, 'providerSecret'));
    return this.client(source, app.name);
  }

  /**
   * An authorised corp's client: its token comes from `service/get_corp_token` with the permanent
   * code that `lookup` finds (in the permanent-code store) when a token is first needed.
   */
  authCorpClient(
    suite: { name: string; suiteId: string },
    suiteClient: WeComClient,
    suiteSource: TokenSource,
    authCorpId: string,
    lookup: () => Promise<{ permanentCode: string; agentId?: string } | undefined>,
  ): WeComClient {
    const found = async () => {
      const corp = await lookup();
      if (!corp) {
        throw new WeComApiError(
          40084,
          `no permanent code stored for corp ${authCorpId} of suite ${suite.suiteId}`,
          '/cgi-bin/service/get_corp_token',
          'the corp has not authorised the suite (create_auth), or cancelled it; or the permanent-code store is not shared by every replica',
        );
      }
      return corp;
    };
    const source = this.options.tokenProvider
      ? customTokenSource(this.options.tokenProvider, { kind: 'auth-corp', app: suite.name, suiteId: suite.suiteId, corpId: authCorpId }, 'access_token')
      : authCorpTokenSource({ suiteId: suite.suiteId, key: suiteSource.key }, authCorpId, async () => (await found()).permanentCode, (path, body) => suiteClient.call(path, { body }));
    return new WeComClient({
      http: this.http,
      tokens: this.tokens,
      source,
      app: `${suite.name} (corp ${authCorpId})`,
      agentId: async () => (await found()).agentId,
    });
  }

  /** A client that rejects every call with `reason` (ctx.client of an app without a secret). */
  failingClient(app: string, reason: Error): WeComClient {
    const source: TokenSource = {
      kind: 'corp',
      key: `unavailable:${app}`,
      queryName: 'access_token',
      invalidTokenCodes: new Set(),
      label: `app ${app} (no client)`,
      fetch: () => Promise.reject(reason),
    };
    return this.client(source, app);
  }

  async close(): Promise<void> {
    await this.http.close();
    await this.tokens.close();
  }

  private client(source: TokenSource, app: string, agentId?: string): WeComClient {
    return new WeComClient({ http: this.http, tokens: this.tokens, source, app, agentId });
  }
}

/** Thrown when a client is asked for an app without the secret its token needs. */
export class WeComMissingSecretError extends Error {
  override readonly name = 'WeComMissingSecretError';
}

function requireSecret(secret: string | undefined, app: string, option: string): string {
  if (typeof secret !== 'string' || secret === '') {
    throw new WeComMissingSecretError(
      `app "${app}" has no ${option}, so it has no active API client: set ${option} in its options (the Secret from the admin console), or give api.tokenProvider.`,
    );
  }
  return secret;
}
