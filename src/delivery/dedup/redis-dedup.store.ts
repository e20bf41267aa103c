import type { WeComDedupStore } from './wecom-dedup-store.js';

/**
 * The few ioredis methods the store uses. Typed structurally so that nestjs-wecom does not depend on
 * ioredis' types: an ioredis `Redis` fits as it is (checked in the tests), and so does a thin adapter over another client.
 */
export interface DedupRedisClient {
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<'OK' | null>;
  set(key: string, value: string, px: 'PX', ttlMs: number): Promise<'OK'>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<number>;
  quit(): Promise<unknown>;
}

export interface RedisDedupStoreOptions {
  /** An ioredis client you own (you also close it). Give this or `url`. */
  client?: DedupRedisClient;
  /** `redis://[:password@]host:port/db` (or `rediss://`); the store opens and closes its own ioredis client. */
  url?: string;
  /** Prepended to every key. Default `nestjs-wecom:dedup:`. */
  keyPrefix?: string;
  /**
   * With `url`: a command without an answer after this many ms fails, so an unreachable Redis is
   * noticed well inside WeCom's 5-second wait. Default 1000.
   */
  commandTimeoutMs?: number;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'nestjs-wecom:dedup:';
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1000;

/**
 * Shares deduplication between replicas through Redis. The claim is one atomic
 * `SET key value NX PX ttl`, so of any number of replicas receiving the same callback at once,
 * exactly one wins; the entry expires on its own.
 */
export class RedisDedupStore implements WeComDedupStore {
  private readonly prefix: string;
  private readonly ownsClient: boolean;
  private clientPromise: Promise<DedupRedisClient> | undefined;

  constructor(private readonly options: RedisDedupStoreOptions) {
    if (!options || (!options.client && !options.url) || (options.client && options.url)) {
      throw new TypeError('RedisDedupStore: give exactly one of { client } (an ioredis client) or { url } ("redis://host:6379").');
    }
    if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
      throw new TypeError(`RedisDedupStore: url must start with redis:// or rediss:// (got "${String(options.url)}").`);
    }
    this.prefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.ownsClient = !options.client;
    if (options.client) this.clientPromise = Promise.resolve(options.client);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const client = await this.client();
    return (await client.set(this.prefix + key, value, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK';
  }

  async get(key: string): Promise<string | undefined> {
    return (await (await this.client()).get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await (await this.client()).set(this.prefix + key, value, 'PX', Math.ceil(ttlMs));
  }

  async delete(key: string): Promise<void> {
    await (await this.client()).del(this.prefix + key);
  }

  async close(): Promise<void> {
    if (!this.ownsClient || !this.clientPromise) return;
    const client = await this.clientPromise;
    this.clientPromise = undefined;
    await client.quit().catch(() => undefined);
  }

  /** With a URL, ioredis is loaded on first use, so apps without Redis never need the package. */
  private client(): Promise<DedupRedisClient> {
    this.clientPromise ??= import('ioredis').then(({ Redis }) => {
      const client = new Redis(this.options.url as string, {
        commandTimeout: this.options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
        // Fail a command after one reconnection attempt instead of twenty: the caller is waiting on WeCom's clock.
        maxRetriesPerRequest: 1,
      });
      // Without a listener ioredis prints every reconnection failure; the store's callers log instead.
      client.on('error', () => undefined);
      return client as unknown as DedupRedisClient;
    });
    return this.clientPromise;
  }
}
