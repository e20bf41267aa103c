import type { WeComDedupKeyFunction } from './dedup/dedup-key.js';
import type { WeComDedupStore } from './dedup/wecom-dedup-store.js';

/** What to do when the dedup store cannot be reached. */
export type WeComStoreFailurePolicy = 'fail-closed' | 'fail-open';

/** The delivery options after validation: what the executor works with. */
export interface DeliverySettings {
  readonly dedup:
    | false
    | {
        readonly store: WeComDedupStore;
        readonly ttlMs: number;
        /** How long a claim in a shared store lives without renewal (the heartbeat renews it). */
        readonly leaseMs: number;
        readonly key?: WeComDedupKeyFunction;
        readonly storeFailure: WeComStoreFailurePolicy;
      };
  readonly ackTimeoutMs: number | false;
  readonly shutdownTimeoutMs: number;
}

/**
 * The injection token of the validated DeliverySettings: built once from the module options when Nest
 * builds the module (config/wecom-config.providers.ts), and injected by the executor.
 */
export const DELIVERY_SETTINGS = Symbol('WeComDeliverySettings');
