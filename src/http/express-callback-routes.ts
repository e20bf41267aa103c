import type { HttpServer } from '@nestjs/common';
import type { CallbackRouteHandlers } from './callback-route.handlers.js';

/** Mounts the callback routes on Express (at module init: after Nest's own routes, before its 404 handler). */
export function mountExpressCallbackRoutes(adapter: HttpServer, routes: readonly CallbackRouteHandlers[]): void {
  for (const route of routes) {
    adapter.get(route.path, route.get);
    adapter.post(route.path, route.post);
  }
}
