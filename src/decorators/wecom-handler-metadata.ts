/** What one WeCom handler decorator stores on a method. */
export type WeComHandlerMetadata =
  | { readonly kind: 'message'; readonly msgType?: string; readonly app?: string }
  | { readonly kind: 'event'; readonly event: string; readonly changeType?: string; readonly app?: string }
  /** @OnWeComInfo: a suite's instruction callback, by InfoType (PROTOCOL.md §4.5). */
  | { readonly kind: 'info'; readonly infoType: string; readonly changeType?: string; readonly app?: string }
  /** @OnWeComBotMessage: an AI bot message, by msgtype (§5.1); without it, every message. */
  | { readonly kind: 'bot-message'; readonly msgtype?: string; readonly app?: string }
  /** @OnWeComBotEvent: an AI bot event, by event.eventtype (§5.1); without it, every event. */
  | { readonly kind: 'bot-event'; readonly eventtype?: string; readonly app?: string };

export interface WeComHandlerOptions {
  /** Only callbacks of this app (its `name`); without it the handler hears every app. */
  app?: string;
}
