import { Injectable } from '@nestjs/common';
import type { HandlerReply } from '../reply/handler-reply.js';
import { WeComCallbackDispatcher } from '../routing/callback.dispatcher.js';
import type { InboundCallback } from './inbound-callback.js';

/**
 * Runs a verified callback's handlers and yields the reply to send. The seam where delivery
 * semantics (deduplication of WeCom's retries, the 5-second deadline) wrap the dispatch.
 */
@Injectable()
export class WeComCallbackExecutor {
  constructor(private readonly dispatcher: WeComCallbackDispatcher) {}

  execute(inbound: InboundCallback): Promise<HandlerReply | undefined> {
    return this.dispatcher.dispatch(inbound.payload, inbound.ctx);
  }
}
