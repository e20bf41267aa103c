import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ResolvedApp } from '../config/resolved-app.js';
import { WeComAppRegistry } from '../config/wecom-app.registry.js';
import type { WeComModuleOptions } from '../config/wecom-options.interface.js';
import { WeComHandlerExplorer } from '../routing/handler.explorer.js';
import { WeComRouter } from '../routing/wecom-router.js';
import { LOGGER_CONTEXT, SIMULATOR_REQUEST_HEADER } from '../wecom.constants.js';
import { WECOM_MODULE_OPTIONS } from '../wecom.module-definition.js';
import { WeComCallbackProcessor } from './callback.processor.js';
import type { CallbackResponse } from '../families/callback-response.js';
import { readRawBody, type IncomingCallbackRequest } from './raw-body.reader.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { refusal } from '../families/callback-response.js';
import { mountFastifyCallbackRoutes, type CallbackRouteHandlers } from './fastify-callback-routes.js';

/**
 * Boots the module: validates the options, collects the handlers, and mounts each app's GET and
 * POST route straight on the HTTP adapter. Paths come from options that forRootAsync only knows at
 * runtime, so a static @Controller cannot carry them (the same reason GraphQLModule mounts its own
 * route). Runs in onModuleInit, before Nest adds its 404 handler. On Fastify the routes live in their
 * own encapsulated plugin (fastify-callback-routes.ts) so that they can read any body raw.
 */
@Injectable()
export class WeComCallbackRegistrar implements OnModuleInit {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(
    @Inject(WECOM_MODULE_OPTIONS) private readonly options: WeComModuleOptions,
    private readonly registry: WeComAppRegistry,
    private readonly explorer: WeComHandlerExplorer,
    private readonly router: WeComRouter,
    private readonly processor: WeComCallbackProcessor,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const apps = this.registry.load(this.options);
    this.router.build(apps, this.explorer.explore());
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter) {
      this.logger.warn('no HTTP adapter (an application context?): WeCom callback routes are not mounted.');
      return;
    }
    const routes = apps.map((app) => this.handlers(adapter, app));
    if (adapter.getType() === 'fastify') {
      mountFastifyCallbackRoutes(adapter.getInstance(), routes);
    } else {
      for (const route of routes) {
        adapter.get(route.path, route.get);
        adapter.post(route.path, route.post);
      }
    }
    const counts = this.router.summary();
    for (const app of apps) {
      this.logger.log(`[${app.name}] listening for WeCom ${app.kind} callbacks on GET/POST ${app.path} (${counts[app.name]} handler route(s))`);
    }
  }

  /** The GET and POST handlers of one app, written against the adapter so they serve Express and Fastify alike. */
  private handlers(adapter: NonNullable<HttpAdapterHost['httpAdapter']>, app: ResolvedApp): CallbackRouteHandlers {
    const send = adapter.getType() === 'express' ? writeNodeResponse : (response: unknown, answer: CallbackResponse) => {
      if (answer.contentType) adapter.setHeader(response, 'Content-Type', answer.contentType);
      for (const [name, value] of Object.entries(answer.headers ?? {})) adapter.setHeader(response, name, value);
      return adapter.reply(response, answer.body, answer.status);
    };
    return {
      path: app.path,
      get: (request: IncomingCallbackRequest, response: unknown) => send(response, this.processor.verifyUrl(app, adapter.getRequestUrl(request))),
      post: async (request: IncomingCallbackRequest, response: unknown) => {
        let body: Buffer;
        try {
          body = await readRawBody(request, app.bodyLimit);
        } catch (error) {
          return send(response, error instanceof WeComProtocolError ? refusal(error) : { status: 400, body: '' });
        }
        const simulator = request.headers[SIMULATOR_REQUEST_HEADER] !== undefined;
        return send(response, await this.processor.receive(app, adapter.getRequestUrl(request), body, simulator));
      },
    };
  }
}

/**
 * Express's `res.send` hashes every body for an ETag and re-derives the content type; a callback answer
 * needs neither (WeCom never revalidates), and skipping them was measurable on the reply path. Express's
 * response is a Node ServerResponse, so the answer is written on it directly.
 */
function writeNodeResponse(response: unknown, answer: CallbackResponse): void {
  const raw = response as ServerResponse;
  raw.statusCode = answer.status;
  if (answer.contentType) raw.setHeader('Content-Type', answer.contentType);
  for (const [name, value] of Object.entries(answer.headers ?? {})) raw.setHeader(name, value);
  raw.setHeader('Content-Length', Buffer.byteLength(answer.body));
  raw.end(answer.body);
}
