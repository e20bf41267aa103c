import type { WeComAppKind } from '../config/app-kind.js';
import type { RegisteredHandler } from './registered-handler.js';
import { routeKeyOf, routeKeysOf } from './route-key.js';
import type { RouteSpecificity } from './route-specificity.js';

export interface RouteMatch {
  readonly handler: RegisteredHandler;
  readonly specificity: RouteSpecificity;
}

/**
 * One app's routes, built once at boot. A request does one Map lookup per specificity level and
 * never scans the handler list.
 */
export class RouteTable {
  private readonly routes = new Map<string, RouteMatch[]>();

  /** `kind` decides how a payload is keyed: XML names, or the AI bot's JSON keys. */
  constructor(private readonly kind: WeComAppKind = 'app') {}

  add(handler: RegisteredHandler): void {
    const { key, specificity } = routeKeyOf(handler.metadata);
    const list = this.routes.get(key) ?? [];
    list.push({ handler, specificity });
    list.sort((a, b) => a.handler.order - b.handler.order);
    this.routes.set(key, list);
  }

  /** Matching handlers, most specific first, discovery order within a level. */
  match(payload: Record<string, unknown>): RouteMatch[] {
    const keys = routeKeysOf(payload, this.kind);
    let matches: RouteMatch[] | undefined;
    for (const key of keys) {
      const found = this.routes.get(key);
      if (!found) continue;
      matches = matches ? matches.concat(found) : found;
    }
    return matches ?? [];
  }

  get size(): number {
    let total = 0;
    for (const list of this.routes.values()) total += list.length;
    return total;
  }
}
