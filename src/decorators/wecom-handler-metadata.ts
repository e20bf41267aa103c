/** What one WeCom handler decorator stores on a method. */
export type WeComHandlerMetadata = (
  | { readonly kind: 'message'; readonly msgType?: string; readonly app?: string }
  | { readonly kind: 'event'; readonly event: string; readonly changeType?: string; readonly app?: string }
  /** @OnWeComInfo: a suite's instruction callback, by InfoType (PROTOCOL.md §4.5). */
  | { readonly kind: 'info'; readonly infoType: string; readonly changeType?: string; readonly app?: string }
  /** @OnWeComBotMessage: an AI bot message, by msgtype (§5.1); without it, every message. */
  | { readonly kind: 'bot-message'; readonly msgtype?: string; readonly app?: string }
  /** @OnWeComBotEvent: an AI bot event, by event.eventtype (§5.1); without it, every event. */
  | { readonly kind: 'bot-event'; readonly eventtype?: string; readonly app?: string }
) & {
  /** `{ durable }` as given; undefined follows the app's and the module's default (delivery/durable/durable-policy.ts). */
  readonly durable?: boolean;
};

export interface WeComHandlerOptions {
  /** Only callbacks of this app (its `name`); without it the handler hears every app. */
  app?: string;
  /**
   * Run this handler from the durable queue (BullMQ on Redis, option `durable` of the module): the
   * callback is written to the queue before WeCom gets its empty 200, and a worker runs the handler
   * with retries. `false` keeps it inline when the app or the module makes handlers durable by default.
   * A durable handler cannot answer passively: a reply it returns is sent with the active API.
   */
  durable?: boolean;
}
