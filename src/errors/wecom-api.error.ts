import { hintFor } from './wecom-api-error-hints.js';

/**
 * WeCom answered a call with a non-zero errcode (or the call did not complete: see
 * WeComApiTransportError). `path` is the endpoint without its query, so neither the access token
 * nor a secret is ever part of the error; `hint` says what to do for the common codes.
 */
export class WeComApiError extends Error {
  override readonly name: string = 'WeComApiError';
  readonly hint: string | undefined;

  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    /** The endpoint, e.g. `/cgi-bin/message/send` (never with its query string). */
    readonly path: string,
    hint?: string,
  ) {
    const resolvedHint = hint ?? hintFor(errcode);
    super(`WeCom API ${path} failed with errcode ${errcode}: ${errmsg}${resolvedHint ? ` (${resolvedHint})` : ''}`);
    this.hint = resolvedHint;
  }

  toJSON(): { errcode: number; errmsg: string; path: string; hint?: string } {
    return { errcode: this.errcode, errmsg: this.errmsg, path: this.path, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

/** Why a call did not complete. */
export type WeComTransportFailure = 'timeout' | 'network' | 'http-status' | 'malformed-response';

/**
 * The call did not complete: a timeout, a network error, an HTTP status other than 2xx, or a body that
 * is not WeCom's JSON. `errcode` is -1 (WeCom's own 系统繁忙: try again later). Not retried
 * automatically: WeCom may or may not have acted on the request (a message may have been sent).
 */
export class WeComApiTransportError extends WeComApiError {
  override readonly name = 'WeComApiTransportError';

  constructor(
    readonly failure: WeComTransportFailure,
    detail: string,
    path: string,
    /** The HTTP status, for `http-status` and `malformed-response`. */
    readonly status?: number,
  ) {
    super(-1, detail, path, transportHint(failure));
  }
}

function transportHint(failure: WeComTransportFailure): string {
  switch (failure) {
    case 'timeout':
      return 'no answer within api.timeoutMs; WeCom may still have acted on the request, so check before sending it again';
    case 'network':
      return 'could not reach the API (DNS, connection, or api.proxy); check outbound access to api.baseUrl';
    case 'http-status':
      return 'WeCom (or a proxy in between) answered with an HTTP error; try again later';
    case 'malformed-response':
      return 'the answer was not WeCom\'s JSON (a proxy or captive portal in between?)';
  }
}
