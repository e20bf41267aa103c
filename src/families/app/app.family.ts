import { Injectable } from '@nestjs/common';
import type { WeComAppKind } from '../../apps/app-kind.js';
import type { WeComHandlerMetadata } from '../../decorators/wecom-handler-metadata.js';
import type { RouteEntry } from '../../routing/route-keying.js';
import { EMPTY_OK, xmlBody, type CallbackResponse } from '../callback-response.js';
import type { InboundCallback } from '../inbound-callback.js';
import { appRouteOf, XmlCallbackFamily } from '../xml-callback.family.js';
import { encryptReplyEnvelope } from './reply-envelope.js';
import { renderReplyXml } from './reply-plaintext.builder.js';
import type { WeComReply } from './wecom-reply.js';

/**
 * Self-built apps (自建应用): XML callbacks routed by MsgType / Event / ChangeType. No reply is an
 * empty 200 (§3.2); a reply is encrypted with the request's own receiveid (§3.3) and sent from the corp.
 */
@Injectable()
export class AppFamily extends XmlCallbackFamily {
  readonly kind: WeComAppKind = 'app';

  routeOf(metadata: WeComHandlerMetadata): RouteEntry | undefined {
    return appRouteOf(metadata);
  }

  respond(reply: WeComReply | undefined, inbound: InboundCallback): CallbackResponse {
    if (!reply) return EMPTY_OK;
    const { app, payload, ctx } = inbound;
    const toUser = typeof payload.FromUserName === 'string' ? payload.FromUserName : '';
    const plaintext = renderReplyXml(reply, toUser, this.replySender(inbound));
    return xmlBody(encryptReplyEnvelope(app.crypto, plaintext, ctx.receiveId, ctx.timestamp, ctx.nonce));
  }

  /** The reply's FromUserName: the corp the app belongs to. */
  protected replySender({ app }: InboundCallback): string {
    return app.corpId;
  }
}
