import { Logger } from '@nestjs/common';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import type { WeComKfMessage } from '../client/api-types.js';
import type { WeComClient } from '../client/wecom-client.js';
import type { KfCursorStore } from './kf-cursor.store.js';

export interface KfSyncOptions {
  /** The fetch lock's lease, renewed after every batch. Default 60000. */
  lockTtlMs?: number;
  /** How long a handled msgid is remembered. Default 4 days: a sync without cursor returns 3 days back. */
  messageTtlMs?: number;
  /** Messages per kf/sync_msg call (WeCom's maximum and default: 1000). */
  batchLimit?: number;
}

/** What one `sync` did. `busy`: another fetch (here or on another replica) holds the lock and will pick this callback up. */
export interface KfSyncOutcome {
  readonly status: 'done' | 'busy';
  readonly handled: number;
  readonly duplicates: number;
  readonly batches: number;
}

/**
 * Fetches a 微信客服 account's new messages with kf/sync_msg and hands them to `handle`, one at a
 * time in order, with WeCom's cursor (PROTOCOL.md §7.5):
 * - one fetch per account at a time, across replicas (a lock in the store); a callback arriving
 *   meanwhile leaves a note, and the lock holder fetches again before it lets go;
 * - the cursor is saved only after a whole batch was handled: a crash or a failed handler re-fetches
 *   the batch, and the msgids already handled are skipped (recorded in the store once their handler
 *   finished), so a failed or interrupted message is handled again and a finished one is not. That is
 *   at-least-once: a process killed between a handler's end and its record, or a fetch that lost its
 *   lock to a slower-than-`lockTtlMs` handler, runs that one message again;
 * - a handler failure stops the run; the next callback (or `retry`) goes on from the saved cursor.
 */
export class KfSyncRunner {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private readonly lockTtlMs: number;
  private readonly messageTtlMs: number;
  private readonly batchLimit: number;

  constructor(
    private readonly store: KfCursorStore,
    options: KfSyncOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? 60_000;
    this.messageTtlMs = options.messageTtlMs ?? 4 * 24 * 3600_000;
    this.batchLimit = options.batchLimit ?? 1000;
  }

  /**
   * `account` scopes the store (corp and open_kfid); `syncToken` is the callback's `Token`, which
   * lifts kf/sync_msg's strict rate limit for 10 minutes.
   */
  async sync(client: WeComClient, account: string, openKfId: string, syncToken: string, handle: (message: WeComKfMessage) => Promise<void>): Promise<KfSyncOutcome> {
    const totals = { handled: 0, duplicates: 0, batches: 0 };
    // The note first, then the lock: whichever order two replicas interleave in, one of them fetches after the note.
    await this.store.markPending(account, syncToken);
    for (;;) {
      const lockId = await this.store.tryLock(account, this.lockTtlMs);
      if (lockId === undefined) return { status: 'busy', ...totals };
      try {
        let token: string | undefined;
        while ((token = await this.store.takePending(account)) !== undefined) {
          const alive = await this.drain(client, account, openKfId, token, handle, lockId, totals);
          if (!alive) return { status: 'busy', ...totals };
        }
      } finally {
        await this.store.unlock(account, lockId).catch(() => undefined);
      }
      // A callback that came between our last look and the unlock found the lock taken: look once more.
      const late = await this.store.takePending(account);
      if (late === undefined) return { status: 'done', ...totals };
      await this.store.markPending(account, late);
    }
  }

  /** Fetches until has_more is 0; false if the lock was lost to another replica meanwhile. */
  private async drain(
    client: WeComClient,
    account: string,
    openKfId: string,
    syncToken: string,
    handle: (message: WeComKfMessage) => Promise<void>,
    lockId: string,
    totals: { handled: number; duplicates: number; batches: number },
  ): Promise<boolean> {
    let cursor = await this.store.getCursor(account);
    for (;;) {
      const batch = await client.kf.syncMsg({ cursor, token: syncToken || undefined, limit: this.batchLimit, open_kfid: openKfId });
      totals.batches++;
      for (const message of batch.msg_list ?? []) {
        if (typeof message?.msgid !== 'string' || (await this.store.isMessageHandled(account, message.msgid))) {
          totals.duplicates++;
          continue;
        }
        // A failure stops the run with nothing recorded: the next fetch handles this message again.
        await handle(message);
        await this.store.markMessageHandled(account, message.msgid, this.messageTtlMs);
        totals.handled++;
      }
      if (typeof batch.next_cursor === 'string' && batch.next_cursor !== '') {
        await this.store.setCursor(account, batch.next_cursor);
        cursor = batch.next_cursor;
      }
      if (!(await this.store.renewLock(account, lockId, this.lockTtlMs))) {
        this.logger.warn(`kf ${openKfId}: the fetch lock expired during a batch (handlers slower than ${this.lockTtlMs} ms?); another fetch goes on from the saved cursor`);
        return false;
      }
      if (batch.has_more !== 1) return true;
    }
  }
}
