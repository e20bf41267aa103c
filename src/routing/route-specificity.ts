/**
 * How precisely a handler matched. When several matching handlers return a reply, the most specific
 * one wins (README "Routing"): a ChangeType handler over an Event handler over a catch-all.
 */
export const RouteSpecificity = {
  CatchAll: 0,
  Type: 1,
  ChangeType: 2,
} as const;
export type RouteSpecificity = (typeof RouteSpecificity)[keyof typeof RouteSpecificity];
