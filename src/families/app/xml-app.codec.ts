import { Injectable } from '@nestjs/common';
import { EMPTY_OK, xmlBody, type CallbackResponse } from '../callback-response.js';
import type { HandlerReply } from '../handler-reply.js';
import { encryptReplyEnvelope } from './reply-envelope.js';
import { renderReplyXml, toReply } from './reply-plaintext.builder.js';
import { WeComReply } from './wecom-reply.js';
import { parseCallbackXml } from '../../xml/callback-xml.parser.js';
import { extractEncrypt } from '../../xml/envelope.parser.js';
import type { CallbackCodec } from '../callback-codec.js';
import type { InboundCallback } from '../inbound-callback.js';

/**
 * App callbacks in XML: self-built apps, and the data callbacks of suites and 代开发 apps. No reply is
 * an empty 200 (§3.2); a reply is encrypted with the request's own receiveid (§3.3), which for a data
 * callback is the authorising corp, also the reply's FromUserName.
 */
@Injectable()
export class XmlAppCodec implements CallbackCodec {
  readEncrypt(body: string): string {
    return extractEncrypt(body);
  }

  parse(plaintext: string): Record<string, unknown> {
    return parseCallbackXml(plaintext);
  }

  toReply(result: unknown): HandlerReply | undefined {
    return toReply(result);
  }

  respond(reply: HandlerReply | undefined, { app, payload, ctx }: InboundCallback): CallbackResponse {
    if (!reply) return EMPTY_OK;
    if (!(reply instanceof WeComReply)) throw new TypeError(`app "${app.name}" got a bot reply; return a WeComReply`);
    const toUser = typeof payload.FromUserName === 'string' ? payload.FromUserName : '';
    const plaintext = renderReplyXml(reply, toUser, ctx.authCorpId ?? app.corpId);
    return xmlBody(encryptReplyEnvelope(app.crypto, plaintext, ctx.receiveId, ctx.timestamp, ctx.nonce));
  }
}
