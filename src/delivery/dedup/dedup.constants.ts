/** WeCom hangs up after five seconds without an answer and sends the request again (PROTOCOL.md §3.2). */
export const WECOM_RESPONSE_TIMEOUT_MS = 5000;

/**
 * "总共重试三次" does not say whether the first attempt is one of the three (PROTOCOL.md §6), so we
 * assume the longer reading: the first attempt and three retries, each given five seconds.
 */
export const WECOM_RETRY_WINDOW_SECONDS = 4 * 5;

/** Answer before WeCom's five seconds run out, with a second to spare for the network. */
export const DEFAULT_ACK_TIMEOUT_MS = 4000;

/** How long app.close() waits for handlers still running. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * A claim is first held for the ack deadline plus this margin. If the replica that claimed dies before
 * answering, the claim lapses in time for WeCom's retry (≥ 5 s later) to run the handlers instead of
 * waiting on a dead run. The margin covers event-loop stalls between the deadline and the renewal.
 */
export const CLAIM_LEASE_MARGIN_MS = 2000;

/** How often a replica that lost the claim looks for the winner's result. */
export const JOIN_POLL_INTERVAL_MS = 25;

/**
 * Default entry lifetime: long enough that every copy of one callback is still remembered.
 * - WeCom's own retries span the retry window above (20 s).
 * - Each copy is accepted while its signed timestamp is within ±tolerance of our clock, so a copy can be
 *   accepted as early as timestamp − tolerance and a replayed capture as late as timestamp + tolerance:
 *   2 × tolerance apart.
 * - A minute of margin for clock drift between replicas and slow handlers.
 * With the default tolerance of 300 s: 2 × 300 + 20 + 60 = 680 s (about 11 minutes).
 */
export function defaultDedupTtlSeconds(toleranceSeconds: number): number {
  return 2 * toleranceSeconds + WECOM_RETRY_WINDOW_SECONDS + 60;
}
