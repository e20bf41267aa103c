/**
 * What `host.getType()` returns inside a WeCom handler, its guards, interceptors, pipes and filters,
 * as `'graphql'` does for resolvers: global enhancers branch on it.
 */
export const WECOM_CONTEXT_TYPE = 'wecom';
export type WeComContextType = typeof WECOM_CONTEXT_TYPE;
