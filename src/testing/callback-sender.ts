import { WeComCrypto } from '../crypto/wecom-crypto.js';
import { WeComCallbackDraft } from './callback-builders.js';
import type { CallbackEndpoint } from './callback-endpoint.js';
import { httpExchange, type HttpAnswer } from './callback-http.js';
import { renderCallbackXml } from './callback-renderer.js';
import { SAMPLE_MEMBER } from './callback-templates.js';
import { verifyReply, type WeComVerifiedReply } from './reply-verifier.js';
import { freshEcho, freshNonce, signedCallbackPost, signedVerificationQuery } from './signed-callback.js';

/** An app's three console values (接收消息 › 设置API接收), as the sender must know them. */
export interface WeComTestCredentials {
  corpId: string;
  token: string;
  encodingAESKey: string;
  /** AgentID written into app callbacks; default the app's, else 1000002 (a self-built app's usual first id). */
  agentId?: string | number;
  /** The id inside every ciphertext (PROTOCOL.md §1.5); default `corpId`. A SuiteID for instruction callbacks. */
  receiveId?: string;
}

export interface WeComTestClientOptions {
  /** FromUserName of messages and member events; default `zhangsan`. */
  fromUser?: string;
  /** Per request; default 10 000 ms. */
  timeoutMs?: number;
}

/** What `send` accepts: a builder's draft, a plaintext XML string, or the plaintext's fields. */
export type WeComCallbackInput = WeComCallbackDraft<unknown> | string | Record<string, unknown>;

export interface SendOptions {
  /** The signed timestamp (seconds); default now. Set it to test the timestamp tolerance. */
  timestamp?: string | number;
  nonce?: string;
}

/** A request built and signed, not yet sent: deliver it several times to replay it byte for byte. */
export interface PreparedCallback {
  /** The plaintext XML that is encrypted. */
  readonly plaintext: string;
  readonly query: string;
  readonly body: string;
}

export interface WeComCallbackResult {
  readonly status: number;
  /** The raw HTTP body: the encrypted envelope, '' for no reply, or `{ errcode, errmsg }` for a refusal. */
  readonly body: string;
  readonly durationMs: number;
  /** The decrypted reply when the app sent one; its signature and receiveid were verified. */
  readonly reply?: WeComVerifiedReply;
  /** From a refusal's JSON body. */
  readonly errcode?: number;
  readonly errmsg?: string;
  /** The plaintext that was sent. */
  readonly sent: string;
  /**
   * How many of the app's handlers this callback matched (0: none did), as a nestjs-wecom app tells the
   * simulator; `undefined` when the app did not say (another server, or a refusal).
   */
  readonly matchedHandlers?: number;
}

export interface WeComUrlVerificationResult {
  readonly status: number;
  readonly body: string;
  readonly durationMs: number;
  /** The plaintext hidden in echostr, which the app must answer bare. */
  readonly echo: string;
  /** The app answered 200 with exactly `echo` (no quotes, BOM or newline: PROTOCOL.md §3.1). */
  readonly verified: boolean;
  readonly errcode?: number;
  readonly errmsg?: string;
}

/** What signing, encrypting and opening replies for one app needs. */
export interface SenderKeys {
  readonly crypto: WeComCrypto;
  readonly corpId: string;
  readonly receiveId: string;
  readonly verifyReceiveId: string;
  readonly agentId: string;
}

export const DEFAULT_AGENT_ID = '1000002';
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Talks to a WeCom callback endpoint exactly as WeCom does: builds the plaintext, encrypts and signs
 * it, posts it, then verifies and decrypts the passive reply. For e2e tests of your own handlers
 * (through WeComTestClient, `nestjs-wecom/testing`) and for the `nestjs-wecom` simulator CLI. Loads
 * nothing of Nest, so the CLI starts fast.
 */
export class WeComCallbackSender {
  constructor(
    private readonly endpoint: CallbackEndpoint,
    private readonly keys: SenderKeys,
    private readonly options: WeComTestClientOptions = {},
  ) {}

  /** The CorpID callbacks are addressed to. */
  get corpId(): string {
    return this.keys.corpId;
  }

  /** The plaintext XML of a callback, with this app's CorpID, AgentID and sender filled in. */
  render(callback: WeComCallbackInput): string {
    if (typeof callback === 'string') return callback;
    const fields = callback instanceof WeComCallbackDraft ? callback.render(this.address()) : callback;
    return renderCallbackXml(fields);
  }

  /** Encrypts and signs a callback without sending it; `deliver` it once, or several times to replay it. */
  prepare(callback: WeComCallbackInput, options: SendOptions = {}): PreparedCallback {
    const plaintext = this.render(callback);
    const isInstruction = callback instanceof WeComCallbackDraft && callback.template.kind === 'info';
    const { query, body } = signedCallbackPost(
      this.keys.crypto,
      this.keys.receiveId,
      plaintext,
      { timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)), nonce: options.nonce ?? freshNonce() },
      // Instruction callbacks carry an empty AgentID and the SuiteID as ToUserName (§3.2).
      { toUserName: this.keys.receiveId, agentId: isInstruction ? '' : this.keys.agentId },
    );
    return { plaintext, query, body };
  }

  /** POSTs a prepared callback and reads the answer; a 200 with a body must be a verifiable reply. */
  async deliver(prepared: PreparedCallback): Promise<WeComCallbackResult> {
    const url = await this.endpoint.url();
    url.search = prepared.query;
    const answer = await httpExchange('POST', url, prepared.body, this.timeoutMs);
    return { ...this.readAnswer(answer), sent: prepared.plaintext };
  }

  /** Builds, encrypts, signs and POSTs one callback; the reply is decrypted and verified. */
  send(callback: WeComCallbackInput, options?: SendOptions): Promise<WeComCallbackResult> {
    return this.deliver(this.prepare(callback, options));
  }

  /** The URL-verification GET WeCom sends when the callback URL is saved in the console (§3.1). */
  async verifyUrl(options: SendOptions = {}): Promise<WeComUrlVerificationResult> {
    const echo = freshEcho();
    const url = await this.endpoint.url();
    url.search = signedVerificationQuery(this.keys.crypto, this.keys.verifyReceiveId, echo, {
      timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
      nonce: options.nonce ?? freshNonce(),
    });
    const answer = await httpExchange('GET', url, undefined, this.timeoutMs);
    return { ...answer, ...refusalOf(answer), echo, verified: answer.status === 200 && answer.body === echo };
  }

  private readAnswer(answer: HttpAnswer): Omit<WeComCallbackResult, 'sent'> {
    if (answer.status !== 200) return { ...answer, ...refusalOf(answer) };
    // '' is "no reply" (§3.2); `success` is what instruction callbacks answer.
    const trimmed = answer.body.trim();
    if (trimmed === '' || trimmed === 'success') return answer;
    return { ...answer, reply: verifyReply(this.keys.crypto, this.keys.receiveId, answer.body) };
  }

  private address() {
    return { receiver: this.keys.receiveId, agentId: this.keys.agentId, fromUser: this.options.fromUser ?? SAMPLE_MEMBER };
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }
}

/** Keys from the three console values (the key is validated here: a wrong length throws -40004). */
export function keysFromCredentials(credentials: WeComTestCredentials, fallbackAgentId?: string): SenderKeys {
  const crypto = new WeComCrypto({ token: credentials.token, encodingAESKey: credentials.encodingAESKey });
  const receiveId = credentials.receiveId ?? credentials.corpId;
  return {
    crypto,
    corpId: credentials.corpId,
    receiveId,
    verifyReceiveId: receiveId,
    agentId: String(credentials.agentId ?? fallbackAgentId ?? DEFAULT_AGENT_ID),
  };
}

/** `{ errcode, errmsg }` from a refusal's JSON body, when it has one. */
export function refusalOf(answer: HttpAnswer): { errcode?: number; errmsg?: string } {
  if (answer.status === 200) return {};
  try {
    const parsed = JSON.parse(answer.body) as { errcode?: unknown; errmsg?: unknown };
    return {
      errcode: typeof parsed.errcode === 'number' ? parsed.errcode : undefined,
      errmsg: typeof parsed.errmsg === 'string' ? parsed.errmsg : undefined,
    };
  } catch {
    return {};
  }
}
