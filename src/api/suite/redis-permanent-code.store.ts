import { RedisConnection, type RedisConnectionOptions } from '../redis/redis-connection.js';
import type { AuthorisedCorp, PermanentCodeStore } from './permanent-code.store.js';

export interface PermanentCodeRedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  del(key: string): Promise<number>;
  quit(): Promise<unknown>;
}

export type RedisPermanentCodeStoreOptions = RedisConnectionOptions<PermanentCodeRedisClient>;

/** Permanent codes in Redis (no expiry), shared by every replica: `new RedisPermanentCodeStore({ url })`. */
export class RedisPermanentCodeStore implements PermanentCodeStore {
  private readonly connection: RedisConnection<PermanentCodeRedisClient>;
  private readonly prefix: string;

  constructor(options: RedisPermanentCodeStoreOptions) {
    this.connection = new RedisConnection('RedisPermanentCodeStore', options);
    this.prefix = options.keyPrefix ?? 'nestjs-wecom:permanent-code:';
  }

  async save(corp: AuthorisedCorp): Promise<void> {
    await (await this.connection.client()).set(this.key(corp.suiteId, corp.authCorpId), JSON.stringify(corp));
  }

  async get(suiteId: string, authCorpId: string): Promise<AuthorisedCorp | undefined> {
    const value = await (await this.connection.client()).get(this.key(suiteId, authCorpId));
    if (value === null) return undefined;
    try {
      const corp = JSON.parse(value) as AuthorisedCorp;
      return typeof corp?.permanentCode === 'string' ? corp : undefined;
    } catch {
      return undefined;
    }
  }

  async delete(suiteId: string, authCorpId: string): Promise<void> {
    await (await this.connection.client()).del(this.key(suiteId, authCorpId));
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private key(suiteId: string, authCorpId: string): string {
    return `${this.prefix}${suiteId}:${authCorpId}`;
  }
}
