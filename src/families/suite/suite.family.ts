import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { WeComAppKind } from '../../apps/app-kind.js';
import type { WeComHandlerMetadata } from '../../decorators/wecom-handler-metadata.js';
import type { RouteEntry } from '../../routing/route-keying.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import type { WeComReply } from '../app/wecom-reply.js';
import { plainText, type CallbackResponse } from '../callback-response.js';
import type { InboundCallback } from '../inbound-callback.js';
import { appRouteOf, infoRouteOf, XmlCallbackFamily } from '../xml-callback.family.js';
import { WeComSuiteTickets } from './wecom-suite-tickets.service.js';
import { SUITE_AUTHORISATION_HOOK, type SuiteAuthorisationHook } from './suite-authorisation.hook.js';

/**
 * A suite's instruction callbacks (第三方 指令回调, 代开发 模板回调): XML like app callbacks, routed by
 * InfoType (and event-form ones like change_app_admin by Event, §4.5), but the answer is always the
 * literal `success`, whatever the handlers did: "若返回值不是 \"success\"，企业微信会把返回内容当作错误信息"
 * (PROTOCOL.md §3.2). A suite_ticket is recorded before any handler runs. A handler's reply is still
 * converted (toReply) so that a wrong return type fails loudly, then ignored.
 */
@Injectable()
export class SuiteFamily extends XmlCallbackFamily {
  readonly kind: WeComAppKind = 'suite';
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(
    private readonly tickets: WeComSuiteTickets,
    @Optional() @Inject(SUITE_AUTHORISATION_HOOK) private readonly authorisations?: SuiteAuthorisationHook,
  ) {
    super();
  }

  routeOf(metadata: WeComHandlerMetadata): RouteEntry | undefined {
    return infoRouteOf(metadata) ?? appRouteOf(metadata);
  }

  async beforeDispatch({ app, payload }: InboundCallback): Promise<CallbackResponse | undefined> {
    if (payload.InfoType === 'suite_ticket') await this.tickets.record(app, payload);
    // create_auth → permanent code (PROTOCOL.md §7.4) before the handlers, so they can use the corp's client.
    else await this.authorisations?.beforeHandlers(app, payload);
    return undefined;
  }

  respond(reply: WeComReply | undefined, { app, payload }: InboundCallback): CallbackResponse {
    if (reply) this.logger.warn(`[${app.name}] a handler's reply to ${this.describe(payload)} is ignored: instruction callbacks are answered "success"`);
    return plainText('success');
  }
}
