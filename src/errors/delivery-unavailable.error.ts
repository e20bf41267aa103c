/**
 * The callback cannot be taken now: it is answered 503 and WeCom retries it later (PROTOCOL.md §3.2).
 * Subclasses say why: the dedup store is unreachable, another replica still holds the callback, the
 * durable queue did not take it.
 */
export class WeComDeliveryUnavailableError extends Error {
  override readonly name: string = 'WeComDeliveryUnavailableError';
}

/**
 * Another run holds the callback's claim and has neither finished nor answered WeCom by this copy's
 * deadline (its process is stalled, or died and the lease has not lapsed yet). A 503 brings WeCom back
 * later instead of an empty 200 that would lose the callback if that run is gone.
 */
export class WeComCallbackInProgressError extends WeComDeliveryUnavailableError {
  override readonly name: string = 'WeComCallbackInProgressError';
}

/** The durable hand-off rejected, or did not resolve by the ack deadline. */
export class WeComDurableHandoffError extends WeComDeliveryUnavailableError {
  override readonly name: string = 'WeComDurableHandoffError';

  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
