import { channel, type Channel } from 'node:diagnostics_channel';
import type { WeComAppKind } from '../apps/app-kind.js';

/**
 * The life of each callback on `node:diagnostics_channel`, for metrics and logs of your own:
 * `diagnostics_channel.subscribe(WECOM_CHANNELS.handled, (message) => …)`. Publishing costs nothing
 * while nobody subscribes (every publish point checks `hasSubscribers` first).
 *
 * Messages carry ids, names, codes and durations: never a secret, a token, a ciphertext or a plaintext.
 */
export const WECOM_CHANNELS = {
  /** A POST reached an app's callback path (before any check). */
  received: 'nestjs-wecom:received',
  /** A request was refused with an official errcode (bad signature, stale timestamp, …). */
  refused: 'nestjs-wecom:refused',
  /** A copy of a callback already seen: it joined the run in progress or got the recorded answer. */
  duplicate: 'nestjs-wecom:duplicate',
  /** The handlers of a callback finished (inline, or a durable job on a worker). */
  handled: 'nestjs-wecom:handled',
  /** A handler of a callback threw (inline, or one attempt of a durable job). */
  failed: 'nestjs-wecom:failed',
  /** WeCom got an empty 200 at the ack deadline while the inline handlers run on. */
  ackedEarly: 'nestjs-wecom:acked-early',
  /** A callback with durable handlers was written to the queue (before WeCom got its answer). */
  enqueued: 'nestjs-wecom:enqueued',
  /** A durable job used up its attempts and now waits in the failed set for a replay. */
  deadLettered: 'nestjs-wecom:dead-lettered',
} as const;

export type WeComChannelName = (typeof WECOM_CHANNELS)[keyof typeof WECOM_CHANNELS];

/** What every message after the request's checks carries. */
export interface WeComCallbackIdentity {
  /** The app's name (`'default'` in the single-app form). */
  readonly app: string;
  readonly kind: WeComAppKind;
  /** What the callback is, without ids: `text`, `event:click`, `event:change_contact/create_user`, `info:suite_ticket`, `bot:text`, `bot:event:enter_chat`. */
  readonly type: string;
  /** The dedup key (`<app>:msg:<MsgId>` or `<app>:sha256:<digest of the plaintext>`), when one was computed. */
  readonly key?: string;
}

export interface WeComReceivedMessage {
  readonly app: string;
  readonly kind: WeComAppKind;
  /** Size of the request body in bytes. */
  readonly bytes: number;
}

export interface WeComRefusedMessage {
  readonly app: string;
  readonly kind: WeComAppKind;
  /** The official errcode (PROTOCOL.md §1.6), e.g. -40001 for a bad signature. */
  readonly errcode: number;
  /** The HTTP status answered. */
  readonly status: number;
  /** `'verify-url'` for the GET, `'callback'` for a POST. */
  readonly stage: 'verify-url' | 'callback';
}

export interface WeComDuplicateMessage extends WeComCallbackIdentity {
  /** `'joined'`: the first copy was still running; `'recorded'`: answered from the stored result. */
  readonly answer: 'joined' | 'recorded';
}

/** Where handlers ran: in the request (`inline`) or from the durable queue (`queue`). */
export type WeComRunVia = 'inline' | 'queue';

export interface WeComHandledMessage extends WeComCallbackIdentity {
  readonly via: WeComRunVia;
  /** Time the handlers took, in ms. */
  readonly durationMs: number;
  /** Whether they produced a reply (passive inline; sent with the active API from the queue). */
  readonly replied: boolean;
  /** Queue only: the job id, and which attempt this was (1 for the first). */
  readonly jobId?: string;
  readonly attempt?: number;
}

export interface WeComFailedMessage extends WeComCallbackIdentity {
  readonly via: WeComRunVia;
  readonly durationMs: number;
  /** The error's class name (`WeComHandlerError`, `TypeError`, …); messages stay in the log. */
  readonly errorName: string;
  readonly jobId?: string;
  readonly attempt?: number;
  /** Queue only: whether another attempt is scheduled (false: dead-lettered, see `deadLettered`). */
  readonly willRetry?: boolean;
}

export interface WeComAckedEarlyMessage extends WeComCallbackIdentity {
  /** The ack deadline that passed (`ackTimeoutMs`). */
  readonly afterMs: number;
}

export interface WeComEnqueuedMessage extends WeComCallbackIdentity {
  readonly key: string;
  readonly jobId: string;
  /** How many durable handlers the job will run. */
  readonly handlers: number;
  /** Time the write to the queue took, in ms (a copy whose job already existed adds nothing, and is published too). */
  readonly durationMs: number;
}

export interface WeComDeadLetteredMessage extends WeComCallbackIdentity {
  readonly key: string;
  readonly jobId: string;
  readonly attemptsMade: number;
  readonly errorName: string;
}

/** The channel objects, created once: `channels.handled.hasSubscribers` is a property read. */
export const wecomChannels: { readonly [K in keyof typeof WECOM_CHANNELS]: Channel } = {
  received: channel(WECOM_CHANNELS.received),
  refused: channel(WECOM_CHANNELS.refused),
  duplicate: channel(WECOM_CHANNELS.duplicate),
  handled: channel(WECOM_CHANNELS.handled),
  failed: channel(WECOM_CHANNELS.failed),
  ackedEarly: channel(WECOM_CHANNELS.ackedEarly),
  enqueued: channel(WECOM_CHANNELS.enqueued),
  deadLettered: channel(WECOM_CHANNELS.deadLettered),
};

interface MessageOf {
  received: WeComReceivedMessage;
  refused: WeComRefusedMessage;
  duplicate: WeComDuplicateMessage;
  handled: WeComHandledMessage;
  failed: WeComFailedMessage;
  ackedEarly: WeComAckedEarlyMessage;
  enqueued: WeComEnqueuedMessage;
  deadLettered: WeComDeadLetteredMessage;
}

/**
 * Publishes on one channel; `build` runs only when someone listens, so a hot path pays one property
 * read. A subscriber that throws does not interrupt the callback: Node rethrows its error on the next
 * tick, as an uncaught exception (the rule of every diagnostics channel), so keep subscribers safe.
 */
export function publish<K extends keyof MessageOf>(name: K, build: () => MessageOf[K]): void {
  const target = wecomChannels[name];
  if (target.hasSubscribers) target.publish(build());
}
