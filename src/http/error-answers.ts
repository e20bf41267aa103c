import type { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import type { CallbackResponse } from '../families/callback-response.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** No message of ours is longer; the cap keeps any future one from echoing input at length. */
const MAX_ERRMSG = 400;

/** `{ errcode, errmsg }` with the official code and a short message; never a stack trace, never more than a short excerpt of the input. */
export const refusal = (error: WeComProtocolError): CallbackResponse => {
  const errmsg = error.message.length > MAX_ERRMSG ? `${error.message.slice(0, MAX_ERRMSG)}…` : error.message;
  return { status: error.httpStatus, body: JSON.stringify({ errcode: error.errcode, errmsg }), contentType: JSON_TYPE };
};

/** A handler failed: 500 makes WeCom retry (PROTOCOL.md §3.2), and the body says no more than that. */
export const HANDLER_FAILED: CallbackResponse = {
  status: 500,
  body: JSON.stringify({ errcode: 500, errmsg: 'a handler failed; WeCom will retry this callback' }),
  contentType: JSON_TYPE,
};

/** The dedup store is unreachable and fails closed: 503 makes WeCom retry later instead of risking a double run. */
export const DEDUP_STORE_UNAVAILABLE: CallbackResponse = {
  status: 503,
  body: JSON.stringify({ errcode: 503, errmsg: 'deduplication store unavailable; WeCom will retry this callback' }),
  contentType: JSON_TYPE,
};

/** A bug of ours: logged in full, answered without details. */
export const INTERNAL_ERROR: CallbackResponse = {
  status: 500,
  body: JSON.stringify({ errcode: 500, errmsg: 'internal error' }),
  contentType: JSON_TYPE,
};

/** The body could not be read (the client reset the connection). */
export const UNREADABLE_BODY: CallbackResponse = { status: 400, body: '' };

/** The durable queue could not take the callback in time: 503, WeCom retries, and the job id keeps a late write harmless. */
export const DURABLE_QUEUE_UNAVAILABLE: CallbackResponse = {
  status: 503,
  body: JSON.stringify({ errcode: 503, errmsg: 'durable queue unavailable; WeCom will retry this callback' }),
  contentType: JSON_TYPE,
};
