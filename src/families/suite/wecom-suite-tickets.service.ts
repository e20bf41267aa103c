import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ResolvedApp } from '../../apps/resolved-app.js';
import { WeComAppRegistry } from '../../apps/wecom-app.registry.js';
import { excerpt } from '../../errors/input-excerpt.js';
import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS, LOGGER_CONTEXT } from '../../wecom.constants.js';
import { SUITE_TICKET_STORE, type SuiteTicket, type SuiteTicketStore } from './suite-ticket.store.js';

/**
 * The latest `suite_ticket` of each configured suite. The module records every ticket WeCom pushes
 * before any handler runs; inject this service wherever a suite_access_token is fetched.
 */
@Injectable()
export class WeComSuiteTickets {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(
    @Inject(SUITE_TICKET_STORE) private readonly store: SuiteTicketStore,
    private readonly registry: WeComAppRegistry,
  ) {}

  /** The latest ticket of a suite, by its SuiteID or by the name of its `suite` app; undefined if none yet. */
  async get(suiteIdOrAppName: string): Promise<string | undefined> {
    return (await this.getDetails(suiteIdOrAppName))?.ticket;
  }

  /** Like `get`, with the ticket's timestamp. */
  async getDetails(suiteIdOrAppName: string): Promise<SuiteTicket | undefined> {
    const app = this.registry.get(suiteIdOrAppName);
    const suiteId = app?.kind === 'suite' && app.suiteId ? app.suiteId : suiteIdOrAppName;
    return this.store.get(suiteId);
  }

  /**
   * Keeps a decrypted suite_ticket callback's ticket. The ciphertext already ended with this suite's
   * SuiteID; the payload's own SuiteId must say the same, so a ticket is never filed under another suite.
   */
  async record(app: ResolvedApp, payload: Record<string, unknown>): Promise<void> {
    const { SuiteId, SuiteTicket, TimeStamp } = payload;
    if (!app.suiteId || SuiteId !== app.suiteId) {
      this.logger.warn(`[${app.name}] suite_ticket for SuiteId ${typeof SuiteId === 'string' ? excerpt(SuiteId, 40) : String(SuiteId)} ignored: this app is suite ${app.suiteId}`);
      return;
    }
    if (typeof SuiteTicket !== 'string' || SuiteTicket === '') {
      this.logger.warn(`[${app.name}] suite_ticket callback without a SuiteTicket ignored`);
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const timestamp = typeof TimeStamp === 'string' && /^\d+$/.test(TimeStamp) ? Number(TimeStamp) : now;
    // Keep-the-newer would let a ticket stamped in the future (9999999999) hide every genuine one for its
    // 30 minutes: refuse it (PROTOCOL.md §7.4). With the timestamp check off, the default tolerance still applies here.
    const tolerance = app.timestampToleranceSeconds === false ? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS : app.timestampToleranceSeconds;
    if (timestamp > now + tolerance) {
      this.logger.warn(`[${app.name}] suite_ticket ignored: its TimeStamp ${timestamp} is more than ${tolerance} s in the future`);
      return;
    }
    await this.store.save({ suiteId: app.suiteId, ticket: SuiteTicket, timestamp });
    this.logger.debug(`[${app.name}] suite_ticket of ${app.suiteId} recorded`);
  }
}
