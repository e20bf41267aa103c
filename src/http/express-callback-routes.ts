import type { HttpServer } from '@nestjs/common';
import type { CallbackRouteHandlers } from './callback-route.handlers.js';

/**
 * Mounts the callback routes on Express (at module init: after Nest's own routes, before its 404
 * handler), and makes the body parsers already in front of them skip the callback paths.
 */
export function mountExpressCallbackRoutes(adapter: HttpServer, routes: readonly CallbackRouteHandlers[]): void {
  for (const route of routes) {
    adapter.get(route.path, route.get);
    adapter.post(route.path, route.post);
  }
  skipBodyParsersOnCallbackPaths(adapter.getInstance() as ExpressApp, routes.map((route) => route.path));
}

/** body-parser's middleware names: Nest's own json and urlencoded parsers, `useBodyParser`'s, and a user's `express.json()` alike. */
const BODY_PARSERS: ReadonlySet<string> = new Set(['jsonParser', 'urlencodedParser', 'textParser', 'rawParser']);
const CALLBACK_PATHS = Symbol('wecom.callbackPaths');

type Middleware = ((request: ExpressRequest, response: unknown, next: () => void) => unknown) & { [CALLBACK_PATHS]?: Set<string> };
interface ExpressRequest {
  method: string;
  url: string;
  originalUrl?: string;
}
interface ExpressApp {
  router?: { stack?: Array<{ handle?: Middleware }> };
  enabled(setting: string): boolean;
}

/**
 * Nest registers its json and urlencoded parsers as app-level middleware when the app initialises,
 * before any module's onModuleInit (Nest 11 and 12 alike), so they run before our routes: they would
 * consume an AI bot's `application/json` body (which we would then re-serialise and parse again) and
 * answer its malformed JSON or a body over their 100 KB in Nest's format instead of ours. Each such
 * layer is wrapped so that a POST to a callback path goes straight on: our route then reads the raw
 * bytes with the module's own limit, time bound and errcodes. Every other request meets the parser
 * unchanged. The path test follows Express's own matching (case-insensitive and trailing-slash
 * tolerant unless the app enables `case sensitive routing` / `strict routing`), on the original URL.
 */
function skipBodyParsersOnCallbackPaths(app: ExpressApp, paths: readonly string[]): void {
  const stack = app.router?.stack;
  if (!Array.isArray(stack)) return;
  const caseSensitive = app.enabled('case sensitive routing');
  const strict = app.enabled('strict routing');
  const normalize = (path: string): string => {
    const trimmed = !strict && path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    return caseSensitive ? trimmed : trimmed.toLowerCase();
  };
  for (const layer of stack) {
    const parser = layer.handle;
    if (typeof parser !== 'function' || !BODY_PARSERS.has(parser.name)) continue;
    if (parser[CALLBACK_PATHS]) {
      for (const path of paths) parser[CALLBACK_PATHS].add(normalize(path));
      continue;
    }
    const callbackPaths = new Set(paths.map(normalize));
    const skipping: Middleware = (request, response, next) => {
      if (request.method === 'POST') {
        const url = request.originalUrl ?? request.url;
        const query = url.indexOf('?');
        if (callbackPaths.has(normalize(query === -1 ? url : url.slice(0, query)))) return next();
      }
      return parser(request, response, next);
    };
    Object.defineProperty(skipping, 'name', { value: parser.name }); // Nest's isMiddlewareApplied looks for it
    skipping[CALLBACK_PATHS] = callbackPaths;
    layer.handle = skipping;
  }
}
