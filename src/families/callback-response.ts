/** A platform-neutral HTTP answer; http/ writes it on Express or Fastify. */
export interface CallbackResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  /** Close the connection once answered (a client that would not finish its request). */
  readonly closeConnection?: boolean;
  /** Extra headers; only ever the simulator's answer (MATCHED_HANDLERS_HEADER, wecom.constants.ts). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** No reply: what WeCom is promised is always safe (PROTOCOL.md §3.2). */
export const EMPTY_OK: CallbackResponse = { status: 200, body: '' };

export const plainText = (body: string): CallbackResponse => ({ status: 200, body, contentType: 'text/plain; charset=utf-8' });

export const xmlBody = (body: string): CallbackResponse => ({ status: 200, body, contentType: 'application/xml; charset=utf-8' });

export const jsonBody = (body: string): CallbackResponse => ({ status: 200, body, contentType: 'application/json; charset=utf-8' });
