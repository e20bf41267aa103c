/** What one @OnWeComMessage / @OnWeComEvent stores on a method. */
export type WeComHandlerMetadata =
  | { readonly kind: 'message'; readonly msgType?: string; readonly app?: string }
  | { readonly kind: 'event'; readonly event: string; readonly changeType?: string; readonly app?: string };

export interface WeComHandlerOptions {
  /** Only callbacks of this app (its `name`); without it the handler hears every app. */
  app?: string;
}
