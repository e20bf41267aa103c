import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { WeComSuiteTickets } from '../families/suite/wecom-suite-tickets.service.js';
import { LOGGER_CONTEXT } from '../wecom.constants.js';
import type { ApiApp } from '../api/api-apps.js';
import { API_SETTINGS, type ApiSettings } from '../api/api-settings.js';
import { ApiRuntime, WeComMissingSecretError } from '../api/api-runtime.js';
import { WeComClient } from '../api/client/wecom-client.js';
import type { KfCursorStore } from '../api/kf/kf-cursor.store.js';
import type { PermanentCodeStore } from '../api/suite/permanent-code.store.js';
import type { TokenSource } from '../api/tokens/token-source.js';
import type { WeComContext } from '../context/wecom-context.js';
import type { HandlerReply } from '../families/handler-reply.js';
import type { WeComApiResult } from '../api/client/api-types.js';
import { sendReplyToSender, type RepliedCallback } from './reply/send-reply-to-sender.js';

/**
 * The active API clients of the configured apps: inject it anywhere.
 * `forApp(name)` for a self-built app (or a suite's own suite_access_token client),
 * `forAuthCorp(suiteApp, corpId)` for a corp that authorised a suite, `forProvider(suiteApp)` for the
 * service provider. In a handler, `ctx.client` is the client of the app the callback came to.
 * Clients are made once and share one token provider, so a token is fetched once per key.
 */
@Injectable()
export class WeComClients implements OnApplicationShutdown {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private state: { runtime: ApiRuntime; apps: ReadonlyMap<string, ApiApp>; permanentCodes: PermanentCodeStore; kfCursors: KfCursorStore } | undefined;
  private readonly clients = new Map<string, WeComClient>();

  constructor(
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly tickets: WeComSuiteTickets,
  ) {}

  /** Builds the runtime on first use (and again after a shutdown, for an app that is re-initialised). */
  private init(): void {
    if (this.state) return;
    const { options, apps, permanentCodes, kfCursors } = this.settings;
    this.state = { runtime: new ApiRuntime(options), apps, permanentCodes, kfCursors };
  }

  /** The client of app `name` (default `'default'`, the single-app form). Throws if the app has no secret. */
  forApp(name = 'default'): WeComClient {
    const app = this.app(name, 'forApp');
    switch (app.kind) {
      case 'app':
        return this.cached(`app:${name}`, () => this.runtime.appClient({ name, corpId: app.corpId!, agentId: app.agentId, secret: app.secret }));
      case 'suite':
        return this.cached(`suite:${name}`, () => this.runtime.suiteClient({ name, suiteId: app.suiteId! }, this.suiteSource(app)));
      case 'suite-data':
        throw new TypeError(`WeComClients.forApp("${name}"): app "${name}" receives the data callbacks of many corps; use forAuthCorp("${app.suite ?? '<suite app>'}", authCorpId).`);
      default:
        throw new TypeError(`WeComClients.forApp("${name}"): app "${name}" is an AI bot, which has no access token (reply through the callback, or its response_url).`);
    }
  }

  /**
   * The client of a corp that authorised suite app `suiteApp`: its access token comes from
   * `service/get_corp_token` with the permanent code stored at `create_auth`.
   */
  forAuthCorp(suiteApp: string, authCorpId: string): WeComClient {
    const app = this.app(suiteApp, 'forAuthCorp');
    if (app.kind !== 'suite') throw new TypeError(`WeComClients.forAuthCorp("${suiteApp}", …): app "${suiteApp}" is of kind "${app.kind}", not "suite".`);
    if (typeof authCorpId !== 'string' || authCorpId === '') throw new TypeError('WeComClients.forAuthCorp(suiteApp, authCorpId): authCorpId must be a CorpID');
    return this.cached(`corp:${suiteApp}:${authCorpId}`, () => {
      const source = this.suiteSource(app);
      return this.runtime.authCorpClient({ name: suiteApp, suiteId: app.suiteId! }, this.forApp(suiteApp), source, authCorpId, () =>
        this.permanentCodes.get(app.suiteId!, authCorpId),
      );
    });
  }

  /** The service provider's client (provider_access_token): needs `corpId` and `providerSecret` on the suite app. */
  forProvider(suiteApp?: string): WeComClient {
    const suites = [...this.apps.values()].filter((app) => app.kind === 'suite');
    const app = suiteApp === undefined ? (suites.length === 1 ? suites[0] : undefined) : this.app(suiteApp, 'forProvider');
    if (!app) throw new TypeError(`WeComClients.forProvider(suiteApp): name the suite app (suite apps: ${suites.map((s) => `"${s.name}"`).join(', ') || 'none'}).`);
    if (!app.corpId) throw new WeComMissingSecretError(`app "${app.name}" has no corpId (the provider's own CorpID), so it has no provider client.`);
    return this.cached(`provider:${app.name}`, () => this.runtime.providerClient({ name: app.name, corpId: app.corpId!, providerSecret: app.providerSecret }));
  }

  /**
   * The client a callback's handlers get as `ctx.client`: never throws. A client that cannot work (no
   * secret, an AI bot) rejects on first use with the reason.
   * @internal
   */
  forCallback(appName: string, authCorpId: string | undefined): WeComClient {
    const app = this.apps.get(appName);
    // An app's options do not change after boot, so a client that cannot work stays so: reuse it rather
    // than build and throw a new Error (its stack trace) on every callback, which cost ~50 µs per request
    // in the bench profile of an app without a secret. Not for suite-data, whose reason can be per callback.
    if (app?.kind !== 'suite-data') {
      const known = this.clients.get(`failing:${appName}`);
      if (known) return known;
    }
    try {
      if (!app) throw new WeComMissingSecretError(`no app named "${appName}"`);
      if (app.kind === 'bot') throw new WeComMissingSecretError(`app "${appName}" is an AI bot, which has no access token (reply through the callback, or its response_url).`);
      if (app.kind === 'suite-data') {
        if (!app.suite) throw new WeComMissingSecretError(`app "${appName}" has no "suite" option naming its suite app, so ctx.client cannot find the corp's permanent code.`);
        if (!authCorpId) throw new WeComMissingSecretError(`app "${appName}": this callback carries no authorising corp.`);
        return this.forAuthCorp(app.suite, authCorpId);
      }
      return this.forApp(appName);
    } catch (error) {
      return this.cached(`failing:${appName}`, () => this.runtime.failingClient(appName, error as Error));
    }
  }

  /** The shared runtime (HTTP and tokens). @internal */
  get runtime(): ApiRuntime {
    return this.ready().runtime;
  }

  /** @internal */
  get permanentCodes(): PermanentCodeStore {
    return this.ready().permanentCodes;
  }

  /** @internal */
  get kfCursors(): KfCursorStore {
    return this.ready().kfCursors;
  }

  /**
   * Sends a handler's passive reply actively to the member who sent the callback (message/send to
   * FromUserName with the app's agentid; see sendReplyToSender for the mapping of each reply type).
   * For replies that cannot go back in the HTTP answer: durable handlers, or after the ack deadline.
   * @internal for delivery/durable
   */
  replyToSender(reply: HandlerReply, callback: RepliedCallback & { ctx: Pick<WeComContext, 'app' | 'kind' | 'authCorpId'> }): Promise<WeComApiResult> {
    return sendReplyToSender(this.forCallback(callback.ctx.app, callback.ctx.authCorpId), reply, callback);
  }

  /** @internal */
  apiApp(name: string): ApiApp | undefined {
    return this.apps.get(name);
  }

  async onApplicationShutdown(): Promise<void> {
    const state = this.state;
    if (!state) return;
    this.state = undefined;
    this.clients.clear();
    await state.runtime.close().catch((error) => this.logger.warn(`closing the token store failed: ${(error as Error).message}`));
    await state.permanentCodes.close?.().catch(() => undefined);
    await state.kfCursors.close?.().catch(() => undefined);
  }

  private get apps(): ReadonlyMap<string, ApiApp> {
    return this.ready().apps;
  }

  private ready(): NonNullable<WeComClients['state']> {
    this.init();
    return this.state!;
  }

  private app(name: string, method: string): ApiApp {
    const app = this.apps.get(name);
    if (!app) throw new TypeError(`WeComClients.${method}("${name}"): no app named "${name}" (configured: ${[...this.apps.keys()].map((n) => `"${n}"`).join(', ')}).`);
    return app;
  }

  private suiteSource(app: ApiApp): TokenSource {
    return this.runtime.suiteSource({ name: app.name, suiteId: app.suiteId!, suiteSecret: app.suiteSecret }, () => this.tickets.get(app.suiteId!));
  }

  private cached(key: string, make: () => WeComClient): WeComClient {
    let client = this.clients.get(key);
    if (!client) {
      client = make();
      this.clients.set(key, client);
    }
    return client;
  }
}
