import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ResolvedApp } from '../apps/resolved-app.js';
import { WeComCallbackExecutor } from '../delivery/callback.executor.js';
import { WeComDeliveryUnavailableError, WeComDurableHandoffError } from '../errors/delivery-unavailable.error.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import type { CallbackEndpoint } from '../families/callback-endpoint.js';
import { WeComCallbackEndpoints } from '../families/callback-endpoints.js';
import { plainText, type CallbackResponse } from '../families/callback-response.js';
import { describeCallback } from '../families/describe-callback.js';
import type { InboundCallback } from '../families/inbound-callback.js';
import { LOGGER_CONTEXT, MATCHED_HANDLERS_HEADER } from '../wecom.constants.js';
import { DEDUP_STORE_UNAVAILABLE, DURABLE_QUEUE_UNAVAILABLE, HANDLER_FAILED, INTERNAL_ERROR, refusal, UNREADABLE_BODY } from './error-answers.js';
import { RefusalLog } from './refusal-log.js';
import { assertFreshTimestamp, parseSignedQuery } from './signed-query.js';
import { publish } from '../observability/wecom-channels.js';

/**
 * The protocol, independent of the HTTP platform: URL verification (GET, PROTOCOL.md §3.1) and
 * delivery (POST, §3.2). Every refusal is a 4xx with the official errcode, and happens before any handler.
 */
@Injectable()
export class WeComCallbackProcessor implements OnApplicationShutdown {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private readonly refusals = new RefusalLog(this.logger);

  constructor(
    private readonly executor: WeComCallbackExecutor,
    private readonly endpoints: WeComCallbackEndpoints,
  ) {}

  /** GET: check the signature over echostr, decrypt it, and answer its plaintext bare. */
  verifyUrl({ app }: CallbackEndpoint, url: string): CallbackResponse {
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
   * POST: verify and decrypt, hand the callback to delivery, and answer as its family requires (an
   * encrypted XML or JSON reply, an empty 200, or `success` for instruction callbacks).
   * `simulator`: the request asked how many handlers matched (SIMULATOR_REQUEST_HEADER); the answer
   * says so in a header, once the request has proved it knows the token.
   */
  async receive(endpoint: CallbackEndpoint, url: string, body: Buffer, simulator = false): Promise<CallbackResponse> {
    publish('received', () => ({ app: endpoint.app.name, kind: endpoint.app.kind, bytes: body.length })); // observability (helper durable)
    let inbound: InboundCallback;
    try {
      inbound = this.authenticate(endpoint, url, body);
    } catch (error) {
      return this.refuse(endpoint.app, 'callback', error);
    }
    const { family } = endpoint;

    // Only families with built-in work (suite tickets, bot stream polls) have this; an `await` of nothing would still cost a turn.
    if (family.beforeDispatch) {
      let answered: CallbackResponse | undefined;
      try {
        answered = await family.beforeDispatch(inbound);
      } catch (error) {
        // E.g. the suite ticket store is down: 500, so that WeCom retries (PROTOCOL.md §3.2).
        this.logger.error(`[${endpoint.app.name}] ${describeCallback(inbound)}: ${error instanceof Error ? error.message : String(error)}`);
        return HANDLER_FAILED;
      }
      if (answered) return answered;
    }

    let reply;
    try {
      reply = await this.executor.execute(inbound);
    } catch (error) {
      // The dispatcher and the executor have logged the failure with the app and the callback's identity.
      if (error instanceof WeComDurableHandoffError) return DURABLE_QUEUE_UNAVAILABLE; // helper durable
      return error instanceof WeComDeliveryUnavailableError ? DEDUP_STORE_UNAVAILABLE : HANDLER_FAILED;
    }
    try {
      const response = family.respond(reply, inbound);
      return simulator ? { ...response, headers: { [MATCHED_HANDLERS_HEADER]: String(inbound.matches.length) } } : response;
    } catch (error) {
      return this.refuse(endpoint.app, 'reply', error);
    }
  }

  /**
   * Query, envelope, signature, timestamp, decryption, in that order: until the signature matched,
   * the body is only scanned for its ciphertext (the family's strict envelope scan), never parsed.
   */
  private authenticate(endpoint: CallbackEndpoint, url: string, body: Buffer): InboundCallback {
    const { app, family } = endpoint;
    const query = parseSignedQuery(url, false);
    const encrypt = family.readEncrypt(body);
    app.crypto.verifySignature(query.signature, query.timestamp, query.nonce, encrypt);
    assertFreshTimestamp(query.timestamp, app.timestampToleranceSeconds);
    const { message, receiveId } = app.crypto.decrypt(encrypt, app.receiveId);
    return this.endpoints.inbound(endpoint, { plaintext: message, receiveId, timestamp: query.timestamp, nonce: query.nonce, signature: query.signature });
  }

  /**
   * A body too large or too slow: refused like any callback, and its connection closed, so that the
   * rest of that body is never waited for (with keep-alive, Node would go on reading it).
   */
  refuseBody({ app }: CallbackEndpoint, error: unknown): CallbackResponse {
    // Otherwise the client went away mid-body: nothing to log, nobody to answer.
    if (!(error instanceof WeComProtocolError)) return UNREADABLE_BODY;
    return { ...this.refuse(app, 'callback body', error), closeConnection: true };
  }

  onApplicationShutdown(): void {
    this.refusals.flush();
  }

  private refuse(app: ResolvedApp, what: string, error: unknown): CallbackResponse {
    if (error instanceof WeComProtocolError) {
      // observability (helper durable)
      publish('refused', () => ({ app: app.name, kind: app.kind, errcode: error.errcode, status: error.httpStatus, stage: what === 'URL verification' ? 'verify-url' : 'callback' }));
      this.refusals.refused(app.name, what, error);
      return refusal(error);
    }
    // A bug of ours, not the caller's: log it fully, but answer without details.
    this.logger.error(`[${app.name}] ${what} failed unexpectedly`, error instanceof Error ? error.stack : String(error));
    return INTERNAL_ERROR;
  }
}
