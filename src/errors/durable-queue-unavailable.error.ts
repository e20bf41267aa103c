import { WeComDeliveryUnavailableError } from './delivery-unavailable.error.js';

/**
 * The durable queue could not take a callback in time (Redis refused, or did not answer within
 * `durable.enqueueTimeoutMs`): the executor answers 503 (as a WeComDurableHandoffError), and WeCom retries.
 */
export class WeComDurableQueueUnavailableError extends WeComDeliveryUnavailableError {
  override readonly name: string = 'WeComDurableQueueUnavailableError';
}
