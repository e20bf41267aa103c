import { WeComProtocolError } from '../errors/wecom-protocol.error.js';

/** A platform-neutral HTTP answer; the route registrar writes it with the Nest HTTP adapter. */
export interface CallbackResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  /** Extra headers; only ever the simulator's answer (MATCHED_HANDLERS_HEADER, wecom.constants.ts). */
  readonly headers?: Readonly<Record<string, string>>;
}

export const EMPTY_OK: CallbackResponse = { status: 200, body: '' };

export const plainText = (body: string): CallbackResponse => ({ status: 200, body, contentType: 'text/plain; charset=utf-8' });

export const xmlBody = (body: string): CallbackResponse => ({ status: 200, body, contentType: 'application/xml; charset=utf-8' });

/** `{ errcode, errmsg }` with the official code; never a stack trace. */
export const refusal = (error: WeComProtocolError): CallbackResponse => ({
  status: error.httpStatus,
  body: JSON.stringify(error.toJSON()),
  contentType: 'application/json; charset=utf-8',
});

/** A handler failed: 500 makes WeCom retry (PROTOCOL.md §3.2), and the body says no more than that. */
export const HANDLER_FAILED: CallbackResponse = {
  status: 500,
  body: JSON.stringify({ errcode: 500, errmsg: 'a handler failed; WeCom will retry this callback' }),
  contentType: 'application/json; charset=utf-8',
};

/** The dedup store is unreachable and fails closed: 503 makes WeCom retry later instead of risking a double run. */
export const DEDUP_STORE_UNAVAILABLE: CallbackResponse = {
  status: 503,
  body: JSON.stringify({ errcode: 503, errmsg: 'deduplication store unavailable; WeCom will retry this callback' }),
  contentType: 'application/json; charset=utf-8',
};
