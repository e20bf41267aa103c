import type { CallbackRouteHandlers } from './callback-route.handlers.js';
import type { IncomingCallbackRequest } from './raw-body.reader.js';

/**
 * The parts of a Fastify instance the module uses, declared structurally so that fastify stays a
 * dependency of the user's app, not of this package.
 */
interface FastifyScope {
  register(plugin: (scope: FastifyScope) => Promise<void>): unknown;
  removeAllContentTypeParsers(): void;
  addContentTypeParser(type: string, parser: (request: unknown, payload: unknown, done: (error: Error | null, body?: unknown) => void) => void): void;
  route(options: { method: string; url: string; handler: (request: IncomingCallbackRequest, reply: unknown) => unknown }): void;
}

/**
 * Mounts the callback routes on Fastify inside their own encapsulated plugin. Fastify answers 415 to
 * a content type it has no parser for, and WeCom posts `text/xml`, `application/xml`, JSON (AI bots)
 * or nothing. Content-type parsers belong to an encapsulation context, so this child context drops
 * the inherited ones and adds one catch-all that leaves the body unread; the route reads the raw
 * bytes itself (raw-body.reader.ts, with our own limit and 413). The user's routes keep their parsers
 * untouched, and no global parser is added.
 */
export function mountFastifyCallbackRoutes(instance: unknown, routes: readonly CallbackRouteHandlers[]): void {
  const fastify = instance as FastifyScope;
  fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const route of routes) {
      scope.route({ method: 'GET', url: route.path, handler: route.get });
      scope.route({ method: 'POST', url: route.path, handler: route.post });
    }
  });
}
