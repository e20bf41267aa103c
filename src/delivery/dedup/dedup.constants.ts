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
 * How long a claim in a shared store lives without renewal. The heartbeat renews it every quarter of
 * this while the handlers run, so it lapses only when its process stops: killed (then, with Redis,
 * the claim is taken over at once, the holder's connection being gone) or stalled, frozen or cut off
 * for longer than this. Long enough to ride out a multi-second event-loop stall; short enough that
 * the claim of a replica on a host that vanished lapses within WeCom's retries (about 20 s).
 */
export const DEFAULT_CLAIM_LEASE_MS = 10_000;

/** How often a replica that lost the claim looks for the winner's result at first; it backs off from there. */
export const JOIN_POLL_INTERVAL_MS = 25;
export const MAX_JOIN_POLL_INTERVAL_MS = 200;
/** How often a waiting replica asks whether the claim's holder is still connected. */
export const HOLDER_CHECK_INTERVAL_MS = 500;

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
