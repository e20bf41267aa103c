import { randomUUID } from 'node:crypto';
import { RedisConnection, type RedisConnectionOptions } from '../redis/redis-connection.js';
import type { KfCursorStore } from './kf-cursor.store.js';

export interface KfCursorRedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ttlMs: number): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<'OK' | null>;
  eval(script: string, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  quit(): Promise<unknown>;
}

export type RedisKfCursorStoreOptions = RedisConnectionOptions<KfCursorRedisClient>;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
/** GETDEL for Redis < 6.2. */
const TAKE = `
local value = redis.call('GET', KEYS[1])
if value then redis.call('DEL', KEYS[1]) end
return value
`;

/**
 * 微信客服 cursors, the fetch lock and handled msgids in Redis, shared by every replica:
 * `new RedisKfCursorStore({ url })`. Cursors do not expire; handled msgids do (`ttlMs`).
 */
export class RedisKfCursorStore implements KfCursorStore {
  private readonly connection: RedisConnection<KfCursorRedisClient>;
  private readonly prefix: string;

  constructor(options: RedisKfCursorStoreOptions) {
    this.connection = new RedisConnection('RedisKfCursorStore', options);
    this.prefix = options.keyPrefix ?? 'nestjs-wecom:kf:';
  }

  async getCursor(account: string): Promise<string | undefined> {
    return (await (await this.redis()).get(this.key(account, 'cursor'))) ?? undefined;
  }

  async setCursor(account: string, cursor: string): Promise<void> {
    await (await this.redis()).set(this.key(account, 'cursor'), cursor);
  }

  async tryLock(account: string, ttlMs: number): Promise<string | undefined> {
    const id = randomUUID();
    return (await (await this.redis()).set(this.key(account, 'lock'), id, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK' ? id : undefined;
  }

  async renewLock(account: string, lockId: string, ttlMs: number): Promise<boolean> {
    return (await (await this.redis()).eval(RENEW, 1, this.key(account, 'lock'), lockId, Math.ceil(ttlMs))) === 1;
  }

  async unlock(account: string, lockId: string): Promise<void> {
    await (await this.redis()).eval(UNLOCK, 1, this.key(account, 'lock'), lockId);
  }

  async markPending(account: string, syncToken: string): Promise<void> {
    // The sync token is valid 10 minutes (doc 94670): so is the note.
    await (await this.redis()).set(this.key(account, 'pending'), syncToken, 'PX', 10 * 60_000);
  }

  async takePending(account: string): Promise<string | undefined> {
    const value = await (await this.redis()).eval(TAKE, 1, this.key(account, 'pending'));
    return typeof value === 'string' ? value : undefined;
  }

  async isMessageHandled(account: string, msgid: string): Promise<boolean> {
    return (await (await this.redis()).get(this.key(account, `msg:${msgid}`))) !== null;
  }

  async markMessageHandled(account: string, msgid: string, ttlMs: number): Promise<void> {
    await (await this.redis()).set(this.key(account, `msg:${msgid}`), '1', 'PX', Math.ceil(ttlMs));
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private redis(): Promise<KfCursorRedisClient> {
    return this.connection.client();
  }

  /** One hash tag per account, so the keys of one account live in one Cluster slot. */
  private key(account: string, suffix: string): string {
    return `${this.prefix}{${account}}:${suffix}`;
  }
}
