import { SUITE_TICKET_TTL_SECONDS, type SuiteTicket, type SuiteTicketStore } from './suite-ticket.store.js';

/**
 * The two commands the store needs, as ioredis (v5, v6) declares them; an ioredis `Redis` or
 * `Cluster` fits. Declared here so that this package does not depend on ioredis at runtime.
 */
export interface SuiteTicketRedisClient {
  get(key: string): Promise<string | null>;
  eval(script: string, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
}

/**
 * Keep-the-newer in one atomic step: two replicas receiving an old retry and a new push at the same
 * time cannot overwrite the newer ticket. The value is `<timestamp>\n<ticket>`; the key expires with
 * the ticket (30 minutes, §4.5).
 */
const SAVE_IF_NEWER = `
local kept = redis.call('GET', KEYS[1])
if kept then
  local keptTimestamp = tonumber(string.match(kept, '^(%d+)\\n'))
  if keptTimestamp and keptTimestamp > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '\\n' .. ARGV[2], 'EX', ARGV[3])
return 1
`;

/** Suite tickets in Redis, shared by every replica: `new RedisSuiteTicketStore(new Redis(url))`. */
export class RedisSuiteTicketStore implements SuiteTicketStore {
  constructor(
    private readonly redis: SuiteTicketRedisClient,
    private readonly options: { keyPrefix?: string } = {},
  ) {}

  async save(ticket: SuiteTicket): Promise<void> {
    await this.redis.eval(SAVE_IF_NEWER, 1, this.key(ticket.suiteId), ticket.timestamp, ticket.ticket, SUITE_TICKET_TTL_SECONDS);
  }

  async get(suiteId: string): Promise<SuiteTicket | undefined> {
    const value = await this.redis.get(this.key(suiteId));
    if (value === null) return undefined;
    const newline = value.indexOf('\n');
    if (newline === -1) return undefined;
    return { suiteId, timestamp: Number(value.slice(0, newline)), ticket: value.slice(newline + 1) };
  }

  private key(suiteId: string): string {
    return `${this.options.keyPrefix ?? 'wecom:suite-ticket:'}${suiteId}`;
  }
}
