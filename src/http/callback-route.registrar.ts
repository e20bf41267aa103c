import { Inject, Injectable, Logger, Optional, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { DURABLE_SETTINGS, type DurableSettings } from '../delivery/durable/durable-settings.js';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import { WeComAppRegistry } from '../apps/wecom-app.registry.js';
import { WECOM_CONFIGURATION } from '../config/wecom-config.providers.js';
import type { WeComConfiguration } from '../config/resolve-configuration.js';
import type { CallbackEndpoint } from '../families/callback-endpoint.js';
import { WeComCallbackEndpoints } from '../families/callback-endpoints.js';
import { LOGGER_CONTEXT } from '../wecom.constants.js';
import { answerWriterFor } from './answer-writer.js';
import { WeComCallbackProcessor } from './callback.processor.js';
import { callbackRouteHandlers } from './callback-route.handlers.js';
import { mountExpressCallbackRoutes } from './express-callback-routes.js';
import { mountFastifyCallbackRoutes } from './fastify-callback-routes.js';

/**
 * Mounts each app's GET and POST route straight on the HTTP adapter; nothing else. Paths come from
 * options that forRootAsync only knows at runtime, so a static @Controller cannot carry them (the same
 * reason GraphQLModule mounts its own route). Runs in onModuleInit: after `setGlobalPrefix` (called in
 * main.ts between `NestFactory.create` and `listen`), before Nest adds its 404 handler.
 */
@Injectable()
export class WeComCallbackRegistrar implements OnModuleInit {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(
    @Inject(WECOM_CONFIGURATION) private readonly configuration: WeComConfiguration,
    private readonly endpoints: WeComCallbackEndpoints,
    private readonly registry: WeComAppRegistry,
    private readonly processor: WeComCallbackProcessor,
    private readonly adapterHost: HttpAdapterHost,
    private readonly applicationConfig: ApplicationConfig,
    @Optional() @Inject(DURABLE_SETTINGS) private readonly durable?: DurableSettings,
  ) {}

  onModuleInit(): void {
    const endpoints = this.endpoints.list();
    if (this.durable?.routes === false) {
      // A worker-only process of the durable queue (helper durable): handlers, no callback routes.
      this.logger.log('durable.routes is false: WeCom callback routes are not mounted in this process (worker only).');
      return;
    }
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter) {
      this.logger.warn('no HTTP adapter (an application context?): WeCom callback routes are not mounted.');
      return;
    }
    const write = answerWriterFor(adapter);
    const urlOf = (request: unknown) => adapter.getRequestUrl(request);
    const routes = endpoints.map((endpoint) => callbackRouteHandlers(endpoint, this.mountPath(endpoint), this.processor, write, urlOf));
    if (adapter.getType() === 'fastify') mountFastifyCallbackRoutes(adapter.getInstance(), routes);
    else mountExpressCallbackRoutes(adapter, routes);
    endpoints.forEach(({ app, routes: table }, index) => {
      this.registry.recordMountedPath(app.name, routes[index].path);
      this.logger.log(`[${app.name}] listening for WeCom ${app.kind} callbacks on GET/POST ${routes[index].path} (${table.size} handler route(s))`);
    });
  }

  /** The app's path, behind the global prefix when `useGlobalPrefix` is on and the prefix does not exclude it. */
  private mountPath({ app }: CallbackEndpoint): string {
    if (!this.configuration.useGlobalPrefix) return app.path;
    const prefix = this.applicationConfig.getGlobalPrefix().replace(/^\/+|\/+$/g, '');
    if (prefix === '' || isExcluded(this.applicationConfig, app.path)) return app.path;
    return app.path === '/' ? `/${prefix}` : `/${prefix}${app.path}`;
  }
}

/** `setGlobalPrefix('api', { exclude: ['wecom/callback'] })` leaves the path as configured, as Nest does for its own routes. */
function isExcluded(config: ApplicationConfig, path: string): boolean {
  const excluded = config.getGlobalPrefixOptions?.().exclude ?? [];
  return excluded.some((route) => {
    const method = route.requestMethod;
    const methodMatches = method === RequestMethod.ALL || method === RequestMethod.POST || method === RequestMethod.GET;
    return methodMatches && route.pathRegex.test(path);
  });
}

