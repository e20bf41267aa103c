import { setTimeout as sleep } from 'node:timers/promises';
import { WeComCrypto } from '../crypto/wecom-crypto.js';
import { WeComTestClientError } from '../errors/wecom-test-client.error.js';
import { WeComBotCallbackDraft, botMessage } from './bot-builders.js';
import { SAMPLE_AIBOT_ID } from './bot-templates.js';
import { verifyBotReply, type WeComBotStreamFrame, type WeComBotVerifiedReply } from './bot-reply-verifier.js';
import type { CallbackEndpoint } from './callback-endpoint.js';
import { httpExchange, type HttpAnswer } from './callback-http.js';
import { refusalOf, type SendOptions, type WeComUrlVerificationResult } from './callback-sender.js';
import { SAMPLE_MEMBER } from './callback-templates.js';
import { freshEcho, freshNonce, signedBotPost, signedVerificationQuery } from './signed-callback.js';

/** An AI bot's two console values (智能机器人 › API 模式 › 接收消息); bots have no CorpID (receiveid ""). */
export interface WeComBotTestCredentials {
  token: string;
  encodingAESKey: string;
}

export interface WeComBotTestClientOptions {
  /** `from.userid` of messages and events; default `zhangsan`. */
  fromUser?: string;
  /** `aibotid` of every callback; default `AIBOTID` (WeCom's example). */
  aibotId?: string;
  /** Per request; default 10 000 ms. */
  timeoutMs?: number;
}

/** What `send` accepts: a builder's draft, a JSON plaintext string, or the plaintext's object. */
export type WeComBotCallbackInput = WeComBotCallbackDraft<unknown> | string | Record<string, unknown>;

/** A bot request built and signed, not yet sent: deliver it several times to replay it byte for byte. */
export interface PreparedBotCallback {
  /** The JSON plaintext that is encrypted. */
  readonly plaintext: string;
  readonly query: string;
  /** `{"encrypt": …}` */
  readonly body: string;
}

export interface WeComBotCallbackResult {
  readonly status: number;
  /** The raw HTTP body: the JSON reply envelope, '' for no reply, or `{ errcode, errmsg }` for a refusal. */
  readonly body: string;
  readonly durationMs: number;
  /** The decrypted reply when the bot answered one; its signature and receiveid were verified. */
  readonly reply?: WeComBotVerifiedReply;
  readonly errcode?: number;
  readonly errmsg?: string;
  /** The JSON plaintext that was sent. */
  readonly sent: string;
  /** How many handlers matched, as a nestjs-wecom app tells the simulator (see WeComCallbackResult). */
  readonly matchedHandlers?: number;
}

/** A streamed answer followed to its end, as WeCom follows it with refresh polls (§5.1). */
export interface WeComBotStreamResult {
  /** Every frame, the first answer's included, in order. */
  readonly frames: readonly WeComBotStreamFrame[];
  /** The last frame's content: the whole answer when `finished`. */
  readonly content: string;
  readonly finished: boolean;
  /** How many refresh polls were sent. */
  readonly polls: number;
}

export interface FollowStreamOptions {
  /** Pause between polls; default 50 ms (WeCom's own interval is not documented). */
  intervalMs?: number;
  /** Give up (with `finished: false`) after this long; default 10 000 ms. WeCom polls for up to 6 minutes. */
  timeoutMs?: number;
  /** Called with each frame as it arrives (the CLI prints them). */
  onFrame?: (frame: WeComBotStreamFrame, poll: number) => void;
}

/** What signing, encrypting and opening replies for one bot needs. */
export interface BotSenderKeys {
  readonly crypto: WeComCrypto;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Talks to an AI bot's callback URL exactly as WeCom does (PROTOCOL.md §5.1): JSON plaintexts
 * encrypted with receiveid "", posted as `{"encrypt": …}`, and JSON reply envelopes opened and
 * verified. Follows streamed answers with refresh polls, as WeCom does. For tests of your own bot
 * handlers (WeComBotTestClient) and for `nestjs-wecom send bot …`. Loads nothing of Nest.
 */
export class WeComBotCallbackSender {
  constructor(
    private readonly endpoint: CallbackEndpoint,
    private readonly keys: BotSenderKeys,
    private readonly options: WeComBotTestClientOptions = {},
  ) {}

  /** The JSON plaintext of a callback, with this bot's id and the sender filled in. */
  render(callback: WeComBotCallbackInput): string {
    if (typeof callback === 'string') return callback;
    const payload =
      callback instanceof WeComBotCallbackDraft
        ? callback.render({ aibotId: this.options.aibotId ?? SAMPLE_AIBOT_ID, fromUser: this.options.fromUser ?? SAMPLE_MEMBER })
        : callback;
    return JSON.stringify(payload);
  }

  /** Encrypts and signs a callback without sending it; `deliver` it once, or several times to replay it. */
  prepare(callback: WeComBotCallbackInput, options: SendOptions = {}): PreparedBotCallback {
    const plaintext = this.render(callback);
    const { query, body } = signedBotPost(this.keys.crypto, plaintext, {
      timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
      nonce: options.nonce ?? freshNonce(),
    });
    return { plaintext, query, body };
  }

  /** POSTs a prepared callback and reads the answer; a 200 with a body must be a verifiable reply. */
  async deliver(prepared: PreparedBotCallback): Promise<WeComBotCallbackResult> {
    const url = await this.endpoint.url();
    url.search = prepared.query;
    const answer = await httpExchange('POST', url, prepared.body, this.timeoutMs, 'json');
    return { ...this.readAnswer(answer), sent: prepared.plaintext };
  }

  /** Builds, encrypts, signs and POSTs one callback; the reply is decrypted and verified. */
  send(callback: WeComBotCallbackInput, options?: SendOptions): Promise<WeComBotCallbackResult> {
    return this.deliver(this.prepare(callback, options));
  }

  /** One refresh poll of a stream (msgtype `stream`), as WeCom sends it until a frame says `finish`. */
  poll(streamId: string, options?: SendOptions): Promise<WeComBotCallbackResult> {
    return this.send(botMessage.stream(streamId), options);
  }

  /**
   * Follows a streamed answer to its end: polls with the stream's id until a frame carries
   * `finish: true`, or until `timeoutMs`. Pass the result whose reply is the first frame, or a stream id.
   * A poll that is refused or answered with anything but a frame of this stream throws.
   */
  async followStream(start: WeComBotCallbackResult | string, options: FollowStreamOptions = {}): Promise<WeComBotStreamResult> {
    const frames: WeComBotStreamFrame[] = [];
    let id: string;
    if (typeof start === 'string') {
      id = start;
    } else {
      const first = start.reply?.stream;
      if (!first) throw new WeComTestClientError('reply-not-verified', `the answer is not a stream (${start.reply ? `msgtype ${start.reply.msgType}` : `HTTP ${start.status}, no reply`}): nothing to follow.`);
      frames.push(first);
      options.onFrame?.(first, 0);
      id = first.id;
    }
    const deadline = performance.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let polls = 0;
    while (!frames.at(-1)?.finish && performance.now() < deadline) {
      if (polls > 0 || frames.length > 0) await sleep(options.intervalMs ?? 50);
      const result = await this.poll(id);
      polls++;
      const frame = result.reply?.stream;
      if (!frame || frame.id !== id) {
        const what = result.status !== 200 ? `HTTP ${result.status}${result.errcode === undefined ? '' : ` errcode ${result.errcode}`}` : result.reply ? `a ${result.reply.msgType} reply` : 'an empty 200';
        throw new WeComTestClientError(
          'reply-not-verified',
          `refresh poll ${polls} of stream ${id} got ${what} instead of a frame of that stream (is the stream held by another replica, or already expired?).`,
        );
      }
      frames.push(frame);
      options.onFrame?.(frame, polls);
    }
    const last = frames.at(-1);
    return { frames, content: last?.content ?? '', finished: last?.finish === true, polls };
  }

  /** The URL-verification GET of the bot's URL: echostr encrypted with receiveid "" (§5.1). */
  async verifyUrl(options: SendOptions = {}): Promise<WeComUrlVerificationResult> {
    const echo = freshEcho();
    const url = await this.endpoint.url();
    url.search = signedVerificationQuery(this.keys.crypto, '', echo, {
      timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
      nonce: options.nonce ?? freshNonce(),
    });
    const answer = await httpExchange('GET', url, undefined, this.timeoutMs);
    return { ...answer, ...refusalOf(answer), echo, verified: answer.status === 200 && answer.body === echo };
  }

  private readAnswer(answer: HttpAnswer): Omit<WeComBotCallbackResult, 'sent'> {
    if (answer.status !== 200) return { ...answer, ...refusalOf(answer) };
    // An empty body is "no reply" ("可以选择直接回复空包", §5.1).
    if (answer.body.trim() === '') return answer;
    return { ...answer, reply: verifyBotReply(this.keys.crypto, answer.body) };
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }
}

/** Keys from the bot's two console values (the key is validated here: a wrong length throws -40004). */
export function botKeysFromCredentials(credentials: WeComBotTestCredentials): BotSenderKeys {
  return { crypto: new WeComCrypto({ token: credentials.token, encodingAESKey: credentials.encodingAESKey }) };
}
