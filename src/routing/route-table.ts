import type { RegisteredHandler } from './registered-handler.js';
import type { RouteKeying } from './route-keying.js';
import type { RouteSpecificity } from './route-specificity.js';

export interface RouteMatch {
  readonly handler: RegisteredHandler;
  readonly specificity: RouteSpecificity;
}

/**
 * One app's routes, built once at boot with its family's keys. A callback does one Map lookup per
 * specificity level and never scans the handler list.
 */
export class RouteTable {
  private readonly routes = new Map<string, RouteMatch[]>();

  constructor(private readonly keying: RouteKeying) {}

  /** Adds the handler under its family's key; false when this family never delivers what it listens to. */
  add(handler: RegisteredHandler): boolean {
    const entry = this.keying.routeOf(handler.metadata);
    if (!entry) return false;
    const list = this.routes.get(entry.key) ?? [];
    list.push({ handler, specificity: entry.specificity });
    list.sort((a, b) => a.handler.order - b.handler.order);
    this.routes.set(entry.key, list);
    return true;
  }

  /** Matching handlers, most specific first, discovery order within a level. */
  match(payload: Record<string, unknown>): readonly RouteMatch[] {
    let matches: RouteMatch[] | undefined;
    for (const key of this.keying.routeKeysOf(payload)) {
      const found = this.routes.get(key);
      if (!found) continue;
      matches = matches ? matches.concat(found) : found;
    }
    return matches ?? NO_MATCHES;
  }

  get size(): number {
    let total = 0;
    for (const list of this.routes.values()) total += list.length;
    return total;
  }
}

const NO_MATCHES: readonly RouteMatch[] = Object.freeze([]);
