import type { WeComBotStreamStore } from './bot-stream.store.js';
import type { BotStreamFrame } from './wecom-bot-stream.js';

/** The ioredis methods the store uses (an ioredis `Redis` fits as it is). */
export interface BotStreamRedisClient {
  set(key: string, value: string, px: 'PX', ttlMs: number): Promise<'OK'>;
  get(key: string): Promise<string | null>;
  quit(): Promise<unknown>;
}

export interface RedisBotStreamStoreOptions {
  /** An ioredis client you own (you also close it). Give this or `url`. */
  client?: BotStreamRedisClient;
  /** `redis://…`; the store opens and closes its own ioredis client. */
  url?: string;
  /** Prepended to every key. Default `nestjs-wecom:stream:`. */
  keyPrefix?: string;
  /** With `url`: a command without an answer after this many ms fails. Default 1000. */
  commandTimeoutMs?: number;
}

export const DEFAULT_STREAM_KEY_PREFIX = 'nestjs-wecom:stream:';

/**
 * Shares the latest frame of each stream through Redis: one key per stream, replaced by each
 * publish, expiring with WeCom's polling window. Any replica answers a poll from it.
 */
export class RedisBotStreamStore implements WeComBotStreamStore {
  private readonly prefix: string;
  private readonly ownsClient: boolean;
  private clientPromise: Promise<BotStreamRedisClient> | undefined;

  constructor(private readonly options: RedisBotStreamStoreOptions) {
    if (!options || (!options.client && !options.url) || (options.client && options.url)) {
      throw new TypeError('RedisBotStreamStore: give exactly one of { client } (an ioredis client) or { url } ("redis://host:6379").');
    }
    if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
      throw new TypeError(`RedisBotStreamStore: url must start with redis:// or rediss:// (got "${String(options.url)}").`);
    }
    this.prefix = options.keyPrefix ?? DEFAULT_STREAM_KEY_PREFIX;
    this.ownsClient = !options.client;
    if (options.client) this.clientPromise = Promise.resolve(options.client);
  }

  async publish(id: string, frame: BotStreamFrame, ttlMs: number): Promise<void> {
    await (await this.client()).set(this.prefix + id, JSON.stringify(frame), 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async latest(id: string): Promise<BotStreamFrame | undefined> {
    const value = await (await this.client()).get(this.prefix + id);
    if (value === null) return undefined;
    try {
      const frame = JSON.parse(value) as BotStreamFrame;
      return frame?.msgtype === 'stream' && typeof frame.stream?.content === 'string' ? frame : undefined;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    if (!this.ownsClient || !this.clientPromise) return;
    const client = await this.clientPromise;
    this.clientPromise = undefined;
    await client.quit().catch(() => undefined);
  }

  /** With a URL, ioredis is loaded on first use (an optional peer). */
  private client(): Promise<BotStreamRedisClient> {
    this.clientPromise ??= import('ioredis').then(({ Redis }) => {
      const client = new Redis(this.options.url as string, {
        commandTimeout: this.options.commandTimeoutMs ?? 1000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: true,
      });
      client.on('error', () => undefined);
      return client.connect().then(
        () => client as unknown as BotStreamRedisClient,
        (error: unknown) => {
          this.clientPromise = undefined;
          client.disconnect();
          throw error;
        },
      );
    });
    return this.clientPromise;
  }
}
