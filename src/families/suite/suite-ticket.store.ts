/** The latest `suite_ticket` of one suite (PROTOCOL.md §4.5). */
export interface SuiteTicket {
  readonly suiteId: string;
  readonly ticket: string;
  /** The callback's signed `TimeStamp`, seconds: orders tickets when WeCom's retries arrive late. */
  readonly timestamp: number;
}

/**
 * Where suite tickets are kept. WeCom pushes one about every 10 minutes, each valid 30 minutes, and
 * every call for a suite_access_token needs the latest: with several replicas, use a shared store
 * (RedisSuiteTicketStore) so that whichever replica received the push, all of them can read it.
 */
export interface SuiteTicketStore {
  /** Keeps `ticket` unless a newer one (by `timestamp`) is already kept. */
  save(ticket: SuiteTicket): Promise<void>;
  /** The latest ticket of the suite, or undefined if none arrived yet (or it expired). */
  get(suiteId: string): Promise<SuiteTicket | undefined>;
}

/** The injection token of the store in use (the `suiteTicketStore` option, or the memory store). */
export const SUITE_TICKET_STORE = Symbol('WeComSuiteTicketStore');

/** A ticket is valid 30 minutes (§4.5); a kept one is dropped after that. */
export const SUITE_TICKET_TTL_SECONDS = 30 * 60;
