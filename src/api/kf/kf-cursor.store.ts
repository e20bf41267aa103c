/**
 * What the 微信客服 flow keeps per customer-service account (`open_kfid`, scoped by corp): the
 * kf/sync_msg cursor, saved only after a batch was handled; a fetch lock so that one replica fetches
 * at a time; a "more arrived" flag for callbacks that come while a fetch runs; and the msgids handled.
 */
export interface KfCursorStore {
  getCursor(account: string): Promise<string | undefined>;
  setCursor(account: string, cursor: string): Promise<void>;
  /** Takes the fetch lock for `ttlMs`; a lock id, or undefined if another fetch holds it. */
  tryLock(account: string, ttlMs: number): Promise<string | undefined>;
  /** Extends the lock if `lockId` still holds it; false if it was lost. */
  renewLock(account: string, lockId: string, ttlMs: number): Promise<boolean>;
  unlock(account: string, lockId: string): Promise<void>;
  /** Notes that a callback came (with its sync `Token`, valid 10 minutes; '' if none), for whoever holds the lock. */
  markPending(account: string, syncToken: string): Promise<void>;
  /** Reads and clears that note: the latest sync token ('' if none), or undefined if no callback is pending. */
  takePending(account: string): Promise<string | undefined>;
  /** Whether a msgid was handled already: a re-fetched batch skips it. */
  isMessageHandled(account: string, msgid: string): Promise<boolean>;
  /**
   * Records a msgid as handled, for `ttlMs`, once its handlers finished. Nothing is written before
   * that: a fetch that dies in a handler leaves no mark, so the next fetch handles the message again.
   */
  markMessageHandled(account: string, msgid: string, ttlMs: number): Promise<void>;
  close?(): Promise<void>;
}
