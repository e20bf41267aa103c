import type { WeComClient } from '../api/client/wecom-client.js';

/**
 * Where the context factory gets `ctx.client`: the module binds it to WeComClients (flows/), which
 * sits above context/ and so cannot be imported here.
 */
export interface WeComClientResolver {
  /** The client of `app` (for a data callback: of the authorising corp); never throws. */
  forCallback(app: string, authCorpId: string | undefined): WeComClient;
}

export const WECOM_CLIENT_RESOLVER = Symbol('WeComClientResolver');
