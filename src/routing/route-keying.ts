import type { WeComHandlerMetadata } from '../decorators/wecom-handler-metadata.js';
import type { RouteSpecificity } from './route-specificity.js';

/** Where a handler sits in a route table: a key, and how specific a match on it is. */
export interface RouteEntry {
  readonly key: string;
  readonly specificity: RouteSpecificity;
}

/**
 * How one callback family keys its routes (the family knows its payloads; routing knows tables).
 * Keys are plain strings so that a callback costs one Map lookup per specificity level.
 */
export interface RouteKeying {
  /** At boot: the entry a decorator registers under, or undefined when this family never delivers such callbacks. */
  routeOf(metadata: WeComHandlerMetadata): RouteEntry | undefined;
  /** Per callback: the keys its payload matches, most specific first. */
  routeKeysOf(payload: Record<string, unknown>): readonly string[];
}
