import { Injectable, Logger } from '@nestjs/common';
import type { ResolvedApp } from '../config/resolved-app.js';
import type { WeComContext } from '../context/wecom-context.js';
import { WeComDedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { WeComCallbackExecutor } from '../delivery/callback.executor.js';
import type { InboundCallback } from '../families/inbound-callback.js';
import { LOGGER_CONTEXT } from '../wecom.constants.js';
import { CallbackCodecs } from '../families/callback-codecs.js';
import { describeCallback } from '../routing/callback.dispatcher.js';
import { WeComRouter } from '../routing/wecom-router.js';
import { DEDUP_STORE_UNAVAILABLE, HANDLER_FAILED, plainText, refusal, type CallbackResponse } from '../families/callback-response.js';
import { assertFreshTimestamp, parseSignedQuery } from './signed-query.js';

/**
 * The protocol, independent of the HTTP platform: URL verification (GET, PROTOCOL.md §3.1) and
 * delivery (POST, §3.2). Every refusal is a 4xx with the official errcode, and happens before any handler.
 */
@Injectable()
export class WeComCallbackProcessor {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(
    private readonly executor: WeComCallbackExecutor,
    private readonly codecs: CallbackCodecs,
    private readonly router: WeComRouter,
  ) {}

  /** GET: check the signature over echostr, decrypt it, and answer its plaintext bare. */
  verifyUrl(app: ResolvedApp, url: string): CallbackResponse {
    try {
      const query = parseSignedQuery(url, true);
      const echostr = query.echostr as string;
      app.crypto.verifySignature(query.signature, query.timestamp, query.nonce, echostr);
      assertFreshTimestamp(query.timestamp, app.timestampToleranceSeconds);
      const { message } = app.crypto.decrypt(echostr, app.verifyReceiveId);
      this.logger.log(`[${app.name}] URL verification succeeded`);
      // "不能加引号，不能带bom头，不能带换行符" (PROTOCOL.md §3.1): exactly the plaintext.
      return plainText(message);
    } catch (error) {
      return this.refuse(app, 'URL verification', error);
    }
  }

  /**
   * POST: verify, decrypt, parse with the app's codec, dispatch, and answer as the family requires
   * (an encrypted XML or JSON reply, an empty 200, or `success` for instruction callbacks).
   */
  async receive(app: ResolvedApp, url: string, body: Buffer): Promise<CallbackResponse> {
    const codec = this.codecs.for(app.kind);
    let inbound: InboundCallback;
    try {
      const query = parseSignedQuery(url, false);
      const encrypt = codec.readEncrypt(body.toString('utf8'));
      app.crypto.verifySignature(query.signature, query.timestamp, query.nonce, encrypt);
      assertFreshTimestamp(query.timestamp, app.timestampToleranceSeconds);
      const { message, receiveId } = app.crypto.decrypt(encrypt, app.receiveId);
      const payload = codec.parse(message);
      const ctx: WeComContext = {
        app: app.name,
        kind: app.kind,
        corpId: app.corpId,
        agentId: app.agentId,
        suiteId: app.suiteId,
        // Known only now, from inside the ciphertext, and already accepted by app.receiveId (§1.5).
        authCorpId: app.kind === 'suite-data' ? receiveId : undefined,
        rawXml: message,
        receiveId,
        timestamp: query.timestamp,
        nonce: query.nonce,
        signature: query.signature,
      };
      inbound = { app, family: codec, payload, ctx, matches: this.router.match(app.name, payload) };
    } catch (error) {
      return this.refuse(app, 'callback', error);
    }

    let answered: CallbackResponse | undefined;
    try {
      answered = await codec.beforeDispatch?.(inbound);
    } catch (error) {
      // E.g. the suite ticket store is down: 500, so that WeCom retries (PROTOCOL.md §3.2).
      this.logger.error(`[${app.name}] ${describeCallback(inbound.payload)}: ${error instanceof Error ? error.message : String(error)}`);
      return HANDLER_FAILED;
    }
    if (answered) return answered;

    let reply;
    try {
      reply = await this.executor.execute(inbound);
    } catch (error) {
      // The dispatcher and the executor have logged the failure with the app and the callback's identity.
      return error instanceof WeComDedupStoreUnavailableError ? DEDUP_STORE_UNAVAILABLE : HANDLER_FAILED;
    }
    try {
      return codec.respond(reply, inbound);
    } catch (error) {
      return this.refuse(app, 'reply', error);
    }
  }

  private refuse(app: ResolvedApp, what: string, error: unknown): CallbackResponse {
    if (error instanceof WeComProtocolError) {
      this.logger.warn(`[${app.name}] ${what} refused (${error.errcode}): ${error.message}`);
      return refusal(error);
    }
    // A bug of ours, not the caller's: log it fully, but answer without details.
    this.logger.error(`[${app.name}] ${what} failed unexpectedly`, error instanceof Error ? error.stack : String(error));
    return { status: 500, body: JSON.stringify({ errcode: 500, errmsg: 'internal error' }), contentType: 'application/json; charset=utf-8' };
  }
}
