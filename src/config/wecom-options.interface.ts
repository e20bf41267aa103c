import type { WeComDedupKeyFunction } from '../delivery/dedup/dedup-key.js';
import type { WeComDedupStore } from '../delivery/dedup/wecom-dedup-store.js';
import type { WeComBotStreamStore } from '../families/bot/bot-stream.store.js';
import type { WeComStoreFailurePolicy } from '../delivery/delivery-settings.js';
import type { SuiteTicketStore } from '../families/suite/suite-ticket.store.js';
import type { WeComApiOptions, WeComAppApiFields, WeComSuiteApiFields, WeComSuiteDataApiFields } from '../api/api-options.js';
import type { DurableRedisClient } from '../delivery/durable/durable-settings.js';

export type { DurableRedisClient };

/**
 * One WeCom self-built app (自建应用): the three values of its console page 接收消息 › 设置API接收,
 * plus where we listen. The default kind: `kind` may be omitted.
 */
export interface WeComAppOptions extends WeComAppApiFields {
  kind?: 'app';
  /** Unique name; handlers pick an app with `{ app: name }` and `ctx.app` carries it. */
  name: string;
  /** HTTP path of this app's callback URL, e.g. `/wecom/hr`. Must be unique across apps. */
  path: string;
  /** The company's CorpID (`ww…`). It is the receiveid every ciphertext must end with (PROTOCOL.md §1.5). */
  corpId: string;
  /** The callback Token (≤ 32 chars of [A-Za-z0-9]); used only in signatures. */
  token: string;
  /** The 43-character EncodingAESKey. */
  encodingAESKey: string;
  /** The app's AgentId, for reference in `ctx.agentId` and the simulator's defaults. */
  agentId?: string | number;
  /**
   * Every handler of this app runs from the durable queue unless it says `{ durable: false }`
   * (needs the module option `durable`). Default: the module's `durable.byDefault`.
   */
  durable?: boolean;
}

/**
 * The 指令回调 URL of a third-party suite (第三方应用), or the 模板回调 URL of a 代开发 template
 * (whose "suiteId" is the template's SuiteID). Ciphertexts end with the SuiteID (PROTOCOL.md §1.5);
 * callbacks are routed by `InfoType` (`@OnWeComInfo`) and always answered `success` (§3.2).
 */
export interface WeComSuiteOptions extends WeComSuiteApiFields {
  kind: 'suite';
  name: string;
  path: string;
  /** The SuiteID (`ww…`/`wx…`) of the suite or of the 代开发 template. */
  suiteId: string;
  token: string;
  encodingAESKey: string;
  /**
   * Every handler of this app runs from the durable queue unless it says `{ durable: false }`
   * (needs the module option `durable`). Default: the module's `durable.byDefault`.
   */
  durable?: boolean;
}

/**
 * The 数据回调 URL of a third-party suite, or the 应用回调 URL of a 代开发 app: messages and events of
 * the app inside the corps that authorised it. A POST's receiveid is the authorising corp's CorpID,
 * known only after decryption, so it is checked against `authCorpIds`; the GET verification carries
 * the provider's own CorpID instead (PROTOCOL.md §1.5).
 */
export interface WeComSuiteDataOptions extends WeComSuiteDataApiFields {
  kind: 'suite-data';
  name: string;
  path: string;
  /** The service provider's own CorpID: what the GET verification's echostr ends with. */
  corpId: string;
  token: string;
  encodingAESKey: string;
  /** Corps allowed to post here: a list of CorpIDs, or a predicate (e.g. a lookup in your tenant table). */
  authCorpIds: readonly string[] | ((corpId: string) => boolean);
  /**
   * Every handler of this app runs from the durable queue unless it says `{ durable: false }`
   * (needs the module option `durable`). Default: the module's `durable.byDefault`.
   */
  durable?: boolean;
}

/**
 * An AI bot (智能机器人) in HTTP callback mode: JSON callbacks, receiveid `""` (PROTOCOL.md §5.1),
 * routed by `msgtype` and `event.eventtype`, with JSON passive replies.
 */
export interface WeComBotOptions {
  kind: 'bot';
  name: string;
  path: string;
  token: string;
  encodingAESKey: string;
  /**
   * Every handler of this app runs from the durable queue unless it says `{ durable: false }`
   * (needs the module option `durable`). Default: the module's `durable.byDefault`.
   */
  durable?: boolean;
}

/** Any app of the multi-app form. */
export type WeComAnyAppOptions = WeComAppOptions | WeComSuiteOptions | WeComSuiteDataOptions | WeComBotOptions;

/** Options shared by every app of the module. */
export interface WeComCommonOptions {
  /**
   * How far (in seconds) a request's signed `timestamp` may lie from the server clock.
   * Default 300. `false` turns the check off (only for replaying captured traffic).
   */
  timestampToleranceSeconds?: number | false;
  /** Largest accepted request body in bytes; larger bodies get 413 before any parsing. Default 1 MiB. */
  bodyLimit?: number;
  /**
   * Longest time, in ms, to receive a callback's body once its headers arrived. A body still incomplete
   * then is answered 408 and its connection closed, so a client trickling bytes cannot hold sockets.
   * Default 3000 (WeCom sends a few KB at once and gives up after 5 s). 100 to 300000.
   */
  bodyReadTimeoutMs?: number;
  /**
   * Serve the callback paths behind `app.setGlobalPrefix()`: with `setGlobalPrefix('api')`, `/wecom/callback`
   * becomes `/api/wecom/callback` (the prefix's `exclude` list is honoured). Default false: the paths are
   * exactly as configured, whatever the prefix, as in earlier versions.
   */
  useGlobalPrefix?: boolean;
  /** Where the latest `suite_ticket` of each suite is kept. Default: in memory (one process). */
  suiteTicketStore?: SuiteTicketStore;
  /**
   * Deduplication of WeCom's retries, on by default with an in-memory store. `false` turns it off
   * (every copy of a callback then runs the handlers).
   */
  dedup?: false | WeComDedupOptions;
  /**
   * If the handlers have not finished after this many ms, WeCom gets an empty 200 (so it does not
   * retry) and the handlers run on; a reply they return later is dropped and logged. Default 4000.
   * `false` waits for the handlers however long they take (WeCom retries after 5 s).
   */
  ackTimeoutMs?: number | false;
  /** How long app.close() waits for handlers still running. Default 10000. */
  shutdownTimeoutMs?: number;
  /** The active API (tokens, `WeComClients`, `ctx.client`): base URL, timeout, proxy and the shared stores. */
  api?: WeComApiOptions;
  /** AI-bot streams: how many are kept for WeCom's refresh polls, and where they are shared between replicas. */
  botStreams?: WeComBotStreamOptions;
  /**
   * The durable queue (BullMQ on Redis; `npm install bullmq ioredis`): handlers declared
   * `{ durable: true }` run from it, on workers in this process or in worker-only processes, with
   * retries. The callback is written to the queue before WeCom gets its empty 200 (503 if it cannot be).
   */
  durable?: WeComDurableOptions;
}

/** `botStreams` option (AI bots, PROTOCOL.md §5.1). */
export interface WeComBotStreamOptions {
  /**
   * Where each stream's latest frame is shared, so a refresh poll is answered on any replica, e.g.
   * `new RedisBotStreamStore({ url })`. Default: none (a poll must reach the replica running the stream).
   */
  store?: WeComBotStreamStore;
  /** Most streams kept in this process for WeCom's 6-minute polling window; oldest forgotten first. Default 10000. */
  maxStreams?: number;
  /** Most bytes they hold (a running stream counts its content, a finished one its last frame). Default 64 MiB. */
  maxBytes?: number;
}

/** `durable` option: where the queue lives, who runs it, and how failed jobs are retried and kept. */
export interface WeComDurableOptions {
  /** `redis://[:password@]host:port/db` (or `rediss://`): the queue opens its own connections. Give this or `client`. */
  url?: string;
  /**
   * An ioredis client you own (you also close it): the queue uses duplicates of it, with the settings
   * BullMQ needs (`maxRetriesPerRequest: null` for workers). Give this or `url`.
   */
  client?: DurableRedisClient;
  /** Every handler of every app is durable unless it says `{ durable: false }` (an app's own `durable` wins). Default false. */
  byDefault?: boolean;
  /** Run workers for the durable handlers in this process. Default true; false for a web-only process. */
  workers?: boolean;
  /** Mount the callback routes in this process. Default true; false for a worker-only process. */
  routes?: boolean;
  /** Jobs one worker process runs at the same time. Default 10. */
  concurrency?: number;
  /** Attempts per job (the first and the retries) before it lands in the failed set. Default 5. */
  attempts?: number;
  /** Wait between attempts: `exponential` doubles `delayMs` each time (1 s, 2 s, 4 s, …). Default `{ type: 'exponential', delayMs: 1000 }`. */
  backoff?: { type: 'exponential' | 'fixed'; delayMs: number };
  /** BullMQ queue name. Default `nestjs-wecom`. */
  queueName?: string;
  /** BullMQ key prefix (keys are `<prefix>:<queueName>:…`). Default `bull`. */
  prefix?: string;
  /**
   * How long a completed job (and so its id, the dedup key) is kept, so that a copy of the callback
   * arriving later is not queued again. Default: the dedup TTL (680 s with the defaults).
   */
  keepCompletedSeconds?: number;
  /** How long a job that used up its attempts is kept in the failed set. Default: until replayed or removed. */
  keepFailedSeconds?: number;
  /** A write to the queue that has not finished after this many ms fails, and WeCom gets a 503. Default 2000. */
  enqueueTimeoutMs?: number;
  /**
   * A worker holds a job under a lock it renews; if the worker dies, the job runs again elsewhere once
   * the lock lapses. Default 30000 (BullMQ's).
   */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died. Default 30000 (BullMQ's). */
  stalledIntervalMs?: number;
}


/** `dedup` option: how retries of one callback are recognised and remembered. */
export interface WeComDedupOptions {
  /** Where seen callbacks are remembered; default a `MemoryDedupStore`. Use a `RedisDedupStore` for several replicas. */
  store?: WeComDedupStore;
  /** How long a callback is remembered. Default 2 × timestampToleranceSeconds + 80 (680 s with the defaults). */
  ttlSeconds?: number;
  /**
   * How long a claim in a shared store (Redis) lives without renewal, in ms. Default 10000. A heartbeat
   * renews it every quarter of this while the handlers run, so it lapses only when the process stops:
   * longer rides out longer event-loop stalls; shorter frees the callbacks of a vanished host sooner.
   */
  leaseMs?: number;
  /** Entry bound of the default memory store. Default 20000 (about 9 MiB with short replies). Not with `store`. */
  maxEntries?: number;
  /** Byte bound of the default memory store (estimated heap). Default 16 MiB. Not with `store`. */
  maxBytes?: number;
  /** Custom identity of a callback; return undefined to fall back to MsgId / digest of the plaintext. */
  key?: WeComDedupKeyFunction;
  /**
   * When the store is unreachable: `'fail-closed'` (default) answers 503 so WeCom retries later;
   * `'fail-open'` runs the handlers anyway, deduplicating only within this process.
   */
  storeFailure?: WeComStoreFailurePolicy;
}

/** Single-app form: `WeComModule.forRoot({ corpId, token, encodingAESKey })`. */
export interface WeComSingleAppOptions extends WeComCommonOptions, WeComAppApiFields {
  corpId: string;
  token: string;
  encodingAESKey: string;
  agentId?: string | number;
  /** Callback path; default `/wecom/callback`. */
  path?: string;
  apps?: undefined;
}

/** Multi-app form: `WeComModule.forRoot({ apps: [{ name, path, corpId, token, encodingAESKey }, { kind: 'suite', … }] })`. */
export interface WeComMultiAppOptions extends WeComCommonOptions {
  apps: WeComAnyAppOptions[];
}

export type WeComModuleOptions = WeComSingleAppOptions | WeComMultiAppOptions;
