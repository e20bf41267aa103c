/** The durable queue could not take a callback in time: the callback is answered 503, and WeCom retries. */
export class WeComDurableQueueUnavailableError extends Error {
  override readonly name = 'WeComDurableQueueUnavailableError';
}
