import { createHash } from 'node:crypto';
import type { WeComDedupStore } from './wecom-dedup-store.js';

/**
 * The few ioredis methods the store uses. Typed structurally so that nestjs-wecom does not depend on
 * ioredis' types: an ioredis `Redis` fits as it is (checked in the tests), and so does a thin adapter
 * over another client. `call` (ioredis ≥ 5) runs the compare-and-set scripts and the liveness check;
 * `on` lets the store follow reconnections.
 */
export interface DedupRedisClient {
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<'OK' | null>;
  set(key: string, value: string, px: 'PX', ttlMs: number): Promise<'OK'>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<number>;
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  quit(): Promise<unknown>;
  on?(event: 'ready' | 'close', listener: () => void): unknown;
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
   * noticed well inside WeCom's 5-second wait. Default 1000. (The module bounds every call by the ack
   * deadline anyway, whatever client you pass.)
   */
  commandTimeoutMs?: number;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'nestjs-wecom:dedup:';
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1000;

/** Compare-and-set: replace only what this run wrote itself (KEYS[1]; ARGV expected, value, ttl ms). */
const COMPARE_AND_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;
/** Compare-and-delete (KEYS[1]; ARGV expected). */
const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Shares deduplication between replicas through Redis. The claim is one atomic
 * `SET key value NX PX lease`, so of any number of replicas receiving the same callback at once,
 * exactly one wins; renewal, completion and release are compare-and-set Lua scripts, so only the
 * run that holds a claim can touch it; entries expire on their own.
 *
 * A claim carries the holder's session: the Redis server's `run_id` and the connection's `CLIENT ID`.
 * When that connection is gone from `CLIENT LIST` (its process died, and the kernel closed the
 * socket), a replica waiting on the claim takes it over at once. A stalled process keeps its
 * connection open, so its claims are not taken from it.
 */
export class RedisDedupStore implements WeComDedupStore {
  private readonly prefix: string;
  private readonly ownsClient: boolean;
  private clientPromise: Promise<DedupRedisClient> | undefined;
  /** `run_id:client id` of the current connection, once known; undefined while (re)connecting. */
  private currentSession: string | undefined;
  private serverRunId: string | undefined;
  /** False once the server refused CLIENT LIST (an ACL, a managed service): liveness is then unknown. */
  private canListClients = true;

  constructor(private readonly options: RedisDedupStoreOptions) {
    if (!options || (!options.client && !options.url) || (options.client && options.url)) {
      throw new TypeError('RedisDedupStore: give exactly one of { client } (an ioredis client) or { url } ("redis://host:6379").');
    }
    if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
      throw new TypeError(`RedisDedupStore: url must start with redis:// or rediss:// (got "${String(options.url)}").`);
    }
    if (options.client && typeof options.client.call !== 'function') {
      throw new TypeError('RedisDedupStore: the client needs call(command, ...args) (ioredis ≥ 5 has it) for its compare-and-set scripts.');
    }
    this.prefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.ownsClient = !options.client;
    if (options.client) {
      const client = options.client;
      this.follow(client);
      // The first commands wait for the session, so that the first claims already carry it.
      this.clientPromise = this.learnSession(client).then(() => client);
    }
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const client = await this.client();
    return (await client.set(this.prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
  }

  async get(key: string): Promise<string | undefined> {
    return (await (await this.client()).get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await (await this.client()).set(this.prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await (await this.client()).del(this.prefix + key);
  }

  async compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.script(COMPARE_AND_SET, this.prefix + key, expected, value, Math.max(1, Math.ceil(ttlMs)))) === 1;
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    return (await this.script(COMPARE_AND_DELETE, this.prefix + key, expected)) === 1;
  }

  session(): string | undefined {
    return this.currentSession;
  }

  async isSessionAlive(session: string): Promise<boolean | undefined> {
    const separator = session.lastIndexOf(':');
    const runId = session.slice(0, separator);
    const clientId = session.slice(separator + 1);
    // Another server run (Redis restarted since: every connection is new) or an unknown one: cannot tell.
    if (!this.canListClients || !this.serverRunId || runId !== this.serverRunId || !/^\d+$/.test(clientId)) return undefined;
    let listed: unknown;
    try {
      listed = await (await this.client()).call('CLIENT', 'LIST', 'ID', clientId);
    } catch (error) {
      // An ACL or a managed service refusing CLIENT: stop asking. A connection failure: ask again later.
      if (error instanceof Error && /ERR|NOPERM|unknown/i.test(error.message)) this.canListClients = false;
      return undefined;
    }
    return typeof listed === 'string' ? listed.trim() !== '' : undefined;
  }

  async close(): Promise<void> {
    if (!this.ownsClient || !this.clientPromise) return;
    const client = await this.clientPromise;
    this.clientPromise = undefined;
    this.currentSession = undefined;
    await client.quit().catch(() => undefined);
  }

  /** EVALSHA, loading the script with EVAL the first time a server has not seen it (NOSCRIPT). */
  private async script(source: string, key: string, ...args: (string | number)[]): Promise<unknown> {
    const client = await this.client();
    try {
      return await client.call('EVALSHA', sha1(source), 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.call('EVAL', source, 1, key, ...args);
    }
  }

  /** Learns the session of each connection as it becomes ready; forgets it when the connection drops. */
  private follow(client: DedupRedisClient): void {
    client.on?.('ready', () => void this.learnSession(client));
    client.on?.('close', () => (this.currentSession = undefined));
  }

  private async learnSession(client: DedupRedisClient): Promise<void> {
    try {
      const [id, info] = await Promise.all([client.call('CLIENT', 'ID'), client.call('INFO', 'server')]);
      const runId = /run_id:([0-9a-f]+)/.exec(String(info))?.[1];
      if (!runId || (typeof id !== 'number' && typeof id !== 'string')) return;
      this.serverRunId = runId;
      this.currentSession = `${runId}:${String(id)}`;
    } catch {
      this.currentSession = undefined; // not connected yet: the next 'ready' tries again
    }
  }

  /**
   * With a URL, ioredis is loaded on first use, so apps without Redis never need the package. Its
   * offline queue is off: while Redis is unreachable a command fails at once instead of waiting to be
   * sent later, when the callback it was for has long been answered (a claim written then would hold
   * a callback nobody runs).
   */
  private client(): Promise<DedupRedisClient> {
    this.clientPromise ??= import('ioredis').then(({ Redis }) => {
      const client = new Redis(this.options.url as string, {
        commandTimeout: this.options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
        // Fail a command after one reconnection attempt instead of twenty: the caller is waiting on WeCom's clock.
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: true,
      });
      // Without a listener ioredis prints every reconnection failure; the store's callers log instead.
      client.on('error', () => undefined);
      const typed = client as unknown as DedupRedisClient;
      this.follow(typed);
      return client.connect().then(
        () => this.learnSession(typed).then(() => typed),
        (error: unknown) => {
          // The first connection failed: give up this client, the next call tries a new one.
          this.clientPromise = undefined;
          client.disconnect();
          throw error;
        },
      );
    });
    return this.clientPromise;
  }
}

const shas = new Map<string, string>();
function sha1(source: string): string {
  let sha = shas.get(source);
  if (!sha) shas.set(source, (sha = createHash('sha1').update(source).digest('hex')));
  return sha;
}
