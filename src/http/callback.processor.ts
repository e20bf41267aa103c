import { Injectable, Logger } from '@nestjs/common';
import type { ResolvedApp } from '../config/resolved-app.js';
import type { WeComContext } from '../context/wecom-context.js';
import { WeComDedupStoreUnavailableError } from '../dedup/dedup-store-unavailable.error.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { encryptReplyEnvelope } from '../reply/reply-envelope.js';
import { renderReplyXml } from '../reply/reply-plaintext.builder.js';
import { describeCallback } from '../routing/callback.dispatcher.js';
import { WeComCallbackExecutor } from '../pipeline/callback.executor.js';
import type { InboundCallback } from '../pipeline/inbound-callback.js';
import { LOGGER_CONTEXT } from '../wecom.constants.js';
import { extractEncrypt } from '../xml/envelope.parser.js';
import { parseCallbackXml } from '../xml/callback-xml.parser.js';
import { DEDUP_STORE_UNAVAILABLE, EMPTY_OK, HANDLER_FAILED, plainText, refusal, xmlBody, type CallbackResponse } from './callback-response.js';
import { assertFreshTimestamp, parseSignedQuery } from './signed-query.js';

/**
 * The protocol, independent of the HTTP platform: URL verification (GET) and delivery (POST),
 * PROTOCOL.md §3. Every refusal is a 4xx with the official errcode, and happens before any handler.
 */
@Injectable()
export class WeComCallbackProcessor {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(private readonly executor: WeComCallbackExecutor) {}

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

  /** POST: verify, decrypt, parse, dispatch, and encrypt the reply if a handler gave one. */
  async receive(app: ResolvedApp, url: string, body: Buffer): Promise<CallbackResponse> {
    let inbound: InboundCallback;
    try {
      const query = parseSignedQuery(url, false);
      const encrypt = extractEncrypt(body.toString('utf8'));
      app.crypto.verifySignature(query.signature, query.timestamp, query.nonce, encrypt);
      assertFreshTimestamp(query.timestamp, app.timestampToleranceSeconds);
      const { message, receiveId } = app.crypto.decrypt(encrypt, app.receiveId);
      const payload = parseCallbackXml(message);
      const ctx: WeComContext = {
        app: app.name,
        corpId: app.corpId,
        agentId: app.agentId,
        rawXml: message,
        receiveId,
        timestamp: query.timestamp,
        nonce: query.nonce,
        signature: query.signature,
      };
      inbound = { app, payload, ctx, plaintext: message };
    } catch (error) {
      return this.refuse(app, 'callback', error);
    }

    let reply;
    try {
      reply = await this.executor.execute(inbound);
    } catch (error) {
      // The dispatcher and the executor have logged the failure with the app and the callback's identity.
      return error instanceof WeComDedupStoreUnavailableError ? DEDUP_STORE_UNAVAILABLE : HANDLER_FAILED;
    }
    if (!reply) return EMPTY_OK;
    const { payload, ctx } = inbound;
    const toUser = typeof payload.FromUserName === 'string' ? payload.FromUserName : '';
    const plaintext = renderReplyXml(reply, toUser, app.corpId);
    this.logger.debug(`[${app.name}] replying ${reply.msgType} to ${describeCallback(payload)}`);
    return xmlBody(encryptReplyEnvelope(app.crypto, plaintext, ctx.receiveId, ctx.timestamp, ctx.nonce));
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
