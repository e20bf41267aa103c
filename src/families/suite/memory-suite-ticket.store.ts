import { SUITE_TICKET_TTL_SECONDS, type SuiteTicket, type SuiteTicketStore } from './suite-ticket.store.js';

/**
 * The default store: one process, lost on restart (WeCom pushes a new ticket within 10 minutes).
 * Expiry counts from when the ticket was saved, like the Redis key's TTL.
 */
export class MemorySuiteTicketStore implements SuiteTicketStore {
  private readonly tickets = new Map<string, { ticket: SuiteTicket; savedAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async save(ticket: SuiteTicket): Promise<void> {
    const kept = this.tickets.get(ticket.suiteId);
    if (kept && !this.expired(kept.savedAt) && kept.ticket.timestamp > ticket.timestamp) return;
    this.tickets.set(ticket.suiteId, { ticket, savedAt: this.now() });
  }

  async get(suiteId: string): Promise<SuiteTicket | undefined> {
    const kept = this.tickets.get(suiteId);
    if (!kept || this.expired(kept.savedAt)) return undefined;
    return kept.ticket;
  }

  private expired(savedAt: number): boolean {
    return this.now() - savedAt > SUITE_TICKET_TTL_SECONDS * 1000;
  }
}
