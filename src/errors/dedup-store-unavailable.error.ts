import { WeComDeliveryUnavailableError } from './delivery-unavailable.error.js';

/** The dedup store failed and `dedup.storeFailure` is 'fail-closed': the callback is answered 503, and WeCom retries. */
export class WeComDedupStoreUnavailableError extends WeComDeliveryUnavailableError {
  override readonly name: string = 'WeComDedupStoreUnavailableError';
}
