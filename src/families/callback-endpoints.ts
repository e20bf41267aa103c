import { Inject, Injectable } from '@nestjs/common';
import type { ResolvedApp } from '../apps/resolved-app.js';
import { WECOM_APPS } from '../apps/wecom-apps.token.js';
import { WeComContextFactory, type VerifiedDelivery } from '../context/wecom-context.factory.js';
import { ConfigProblems } from '../errors/config-problems.js';
import { WeComHandlerExplorer } from '../routing/handler.explorer.js';
import type { RegisteredHandler } from '../routing/registered-handler.js';
import { RouteTable } from '../routing/route-table.js';
import type { CallbackEndpoint } from './callback-endpoint.js';
import { CallbackFamilies } from './callback-families.js';
import type { InboundCallback } from './inbound-callback.js';

/**
 * Every app's endpoint: its family (chosen here, once) and its route table. Built on first use, at
 * module init, because the decorated handlers can only be discovered once every provider exists;
 * every handler problem is reported at once (one WeComConfigError, `app.init()` rejects with it).
 */
@Injectable()
export class WeComCallbackEndpoints {
  private endpoints?: ReadonlyMap<string, CallbackEndpoint>;

  constructor(
    @Inject(WECOM_APPS) private readonly apps: readonly ResolvedApp[],
    private readonly families: CallbackFamilies,
    private readonly explorer: WeComHandlerExplorer,
    private readonly contexts: WeComContextFactory,
  ) {}

  list(): readonly CallbackEndpoint[] {
    return [...this.built().values()];
  }

  get(appName: string): CallbackEndpoint | undefined {
    return this.built().get(appName);
  }

  /**
   * The one place a verified, decrypted callback becomes an InboundCallback: parsed by its family,
   * given its context, matched against its app's routes. The request path comes here after the
   * signature and decryption succeeded; a durable worker comes here with the stored plaintext.
   */
  inbound(endpoint: CallbackEndpoint, delivery: VerifiedDelivery): InboundCallback {
    const { app, family, routes } = endpoint;
    const payload = family.parse(delivery.plaintext);
    const ctx = this.contexts.create(app, delivery, family.authCorpIdOf(delivery.receiveId));
    return { app, family, payload, ctx, matches: routes.match(payload) };
  }

  private built(): ReadonlyMap<string, CallbackEndpoint> {
    if (!this.endpoints) {
      const problems = new ConfigProblems();
      this.endpoints = this.build(this.explorer.explore(problems), problems);
      problems.report('the WeCom handlers');
    }
    return this.endpoints;
  }

  private build(handlers: readonly RegisteredHandler[], problems: ConfigProblems): ReadonlyMap<string, CallbackEndpoint> {
    const endpoints = new Map<string, CallbackEndpoint>();
    for (const app of this.apps) {
      const family = this.families.for(app.kind);
      endpoints.set(app.name, { app, family, routes: new RouteTable(family) });
    }
    const names = [...endpoints.keys()].map((name) => `"${name}"`).join(', ');
    for (const handler of handlers) {
      const appName = handler.metadata.app;
      if (appName === undefined) {
        // Heard by every app whose family delivers such callbacks; the others leave it out.
        for (const endpoint of endpoints.values()) endpoint.routes.add(handler);
        continue;
      }
      const endpoint = endpoints.get(appName);
      if (!endpoint) {
        problems.addGeneral(`${handler.id} listens to app "${appName}", but the configured apps are: ${names}.`);
      } else if (!endpoint.routes.add(handler)) {
        const heard = this.families.kindsHearing(handler.metadata).map((kind) => `"${kind}"`).join(', ');
        problems.addGeneral(`${handler.id} listens to app "${appName}", a "${endpoint.app.kind}" app, but its decorator only hears ${heard} apps.`);
      }
    }
    return endpoints;
  }
}
