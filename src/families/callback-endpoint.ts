import type { ResolvedApp } from '../apps/resolved-app.js';
import type { RouteTable } from '../routing/route-table.js';
import type { CallbackFamily } from './callback-family.js';

/** One app as this process serves it: its settings, its family, and its handlers' route table. Built once at boot. */
export interface CallbackEndpoint {
  readonly app: ResolvedApp;
  readonly family: CallbackFamily;
  readonly routes: RouteTable;
}
