import { randomUUID } from 'node:crypto';
import { RedisConnection, type RedisConnectionOptions } from '../redis/redis-connection.js';
import type { StoredToken, TokenInvalidation, WeComTokenStore } from './wecom-token-store.js';

/**
 * The ioredis commands the store uses, declared here so that this package does not depend on ioredis
 * at runtime; an ioredis `Redis` or `Cluster` fits as it is.
 */
export interface TokenRedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: 'PX', ttlMs: number): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<'OK' | null>;
  eval(script: string, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  quit(): Promise<unknown>;
}

/** `{ client }` or `{ url }`; `keyPrefix` defaults to `nestjs-wecom:token:`. */
export type RedisTokenStoreOptions = RedisConnectionOptions<TokenRedisClient>;

const DEFAULT_PREFIX = 'nestjs-wecom:token:';

/**
 * Compare-and-delete with a cooldown, in one step (WxJava #1300: a replica wiped the token another
 * had just refreshed). Returns 1 invalidated, 0 replaced, 2 cooling down.
 */
const INVALIDATE = `
local value = redis.call('GET', KEYS[1])
if not value then return 0 end
local ok, stored = pcall(cjson.decode, value)
if not ok or type(stored) ~= 'table' or stored.t ~= ARGV[1] then return 0 end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return 1
end
return 2
`;

/** Releases the lock only if we still hold it (a lock that outlived its TTL may be someone else's now). */
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Access tokens in Redis, shared by every replica: `new RedisTokenStore({ url })` or `({ client })`.
 * A token key expires with the token; the refresh lock is `SET NX PX` with a random id. The keys of
 * one token share a hash tag, so the scripts also run on Redis Cluster.
 */
export class RedisTokenStore implements WeComTokenStore {
  private readonly connection: RedisConnection<TokenRedisClient>;
  private readonly prefix: string;

  constructor(options: RedisTokenStoreOptions) {
    this.connection = new RedisConnection('RedisTokenStore', options);
    this.prefix = options.keyPrefix ?? DEFAULT_PREFIX;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const value = await (await this.client()).get(this.tokenKey(key));
    if (value === null) return undefined;
    try {
      const { t, e, r } = JSON.parse(value) as { t: unknown; e: unknown; r: unknown };
      if (typeof t !== 'string' || typeof e !== 'number' || typeof r !== 'number') return undefined;
      return { token: t, expiresAt: e, refreshAt: r };
    } catch {
      return undefined;
    }
  }

  async set(key: string, token: StoredToken): Promise<void> {
    const ttlMs = Math.ceil(token.expiresAt - Date.now());
    if (ttlMs <= 0) return;
    const value = JSON.stringify({ t: token.token, e: token.expiresAt, r: token.refreshAt });
    await (await this.client()).set(this.tokenKey(key), value, 'PX', ttlMs);
  }

  async invalidate(key: string, failedToken: string, cooldownMs: number): Promise<TokenInvalidation> {
    const client = await this.client();
    const result = await client.eval(INVALIDATE, 2, this.tokenKey(key), this.tokenKey(key, 'cooldown'), failedToken, Math.max(1, Math.ceil(cooldownMs)));
    return result === 1 ? 'invalidated' : result === 2 ? 'cooling-down' : 'replaced';
  }

  async tryLock(key: string, ttlMs: number): Promise<string | undefined> {
    const id = randomUUID();
    const taken = await (await this.client()).set(this.tokenKey(key, 'lock'), id, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
    return taken === 'OK' ? id : undefined;
  }

  async unlock(key: string, lockId: string): Promise<void> {
    await (await this.client()).eval(UNLOCK, 1, this.tokenKey(key, 'lock'), lockId);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private tokenKey(key: string, suffix?: string): string {
    return `${this.prefix}{${key}}${suffix ? `:${suffix}` : ''}`;
  }

  private client(): Promise<TokenRedisClient> {
    return this.connection.client();
  }
}
