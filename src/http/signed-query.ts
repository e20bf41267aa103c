import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';

/** The signed query parameters WeCom appends to the callback URL (PROTOCOL.md §3.1, §3.2). */
export interface SignedQuery {
  readonly signature: string;
  readonly timestamp: string;
  readonly nonce: string;
  /** Only on the GET verification. */
  readonly echostr?: string;
}

// Bounds far above anything WeCom sends (40-char signature, 10-digit timestamp, ~10-char nonce,
// ~100-char echostr), low enough that nothing oversized reaches the crypto.
const MAX_LENGTH: Record<string, number> = { msg_signature: 128, timestamp: 20, nonce: 128, echostr: 4096 };

/**
 * Reads the signed parameters from the raw request URL ourselves, rather than from the framework's
 * parsed query, so that Express and Fastify behave the same and repeated parameters are caught.
 * URL-decoding is required by the doc ("企业在获取请求时需要做Urldecode处理"); a `+` that arrived
 * unencoded decodes to a space, which is mapped back because base64 and hex never contain spaces.
 */
export function parseSignedQuery(url: string, withEchostr: boolean): SignedQuery {
  const queryStart = url.indexOf('?');
  const params = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
  const read = (name: string): string => {
    const values = params.getAll(name);
    if (values.length === 0 || values[0] === '') {
      throw new WeComProtocolError(WeComErrorCode.BadRequest, `missing query parameter "${name}"; WeCom always sends msg_signature, timestamp and nonce${withEchostr ? ' (and echostr on the URL check)' : ''}.`);
    }
    if (values.length > 1) {
      throw new WeComProtocolError(WeComErrorCode.BadRequest, `query parameter "${name}" appears ${values.length} times; it must appear once.`);
    }
    const value = values[0];
    if (value.length > MAX_LENGTH[name]) {
      throw new WeComProtocolError(WeComErrorCode.BadRequest, `query parameter "${name}" is too long (${value.length} characters; at most ${MAX_LENGTH[name]}).`);
    }
    return value.includes(' ') ? value.replaceAll(' ', '+') : value;
  };
  const signature = read('msg_signature');
  const timestamp = read('timestamp');
  if (!/^\d+$/.test(timestamp)) {
    throw new WeComProtocolError(WeComErrorCode.BadRequest, 'query parameter "timestamp" must be whole seconds since 1970 (digits only).');
  }
  const nonce = read('nonce');
  return withEchostr ? { signature, timestamp, nonce, echostr: read('echostr') } : { signature, timestamp, nonce };
}

/** Refuses a signed timestamp too far from our clock: a replayed capture, or a badly skewed server. */
export function assertFreshTimestamp(timestamp: string, toleranceSeconds: number | false, nowMs: number = Date.now()): void {
  if (toleranceSeconds === false) return;
  const skew = Math.round(nowMs / 1000) - Number(timestamp);
  if (Math.abs(skew) > toleranceSeconds) {
    throw new WeComProtocolError(
      WeComErrorCode.TimestampExpired,
      `timestamp ${timestamp} is ${Math.abs(skew)}s ${skew > 0 ? 'in the past' : 'in the future'}, outside the ${toleranceSeconds}s tolerance ` +
        '(a replayed request, or a server clock that is off; see the timestampToleranceSeconds option).',
    );
  }
}
