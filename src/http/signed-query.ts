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
 *
 * The query is split by hand. A POST's parameters are plain ASCII (hex, digits), so a query without
 * `%` or `+` is read by slicing its pairs; otherwise (the GET's base64 echostr) each pair goes
 * through URLSearchParams, which decodes it exactly as it decodes a whole query
 * (test/http/signed-query.spec.ts holds both to URLSearchParams over the whole query). Either way
 * the work is linear in the URL.
 */
export function parseSignedQuery(url: string, withEchostr: boolean): SignedQuery {
  const found: Found = { msg_signature: undefined, timestamp: undefined, nonce: undefined, echostr: undefined };
  const queryStart = url.indexOf('?');
  if (queryStart !== -1) {
    // URLSearchParams drops one leading '?' of its input (`/path??a=1` reads `a`): so do we.
    let at = url.charCodeAt(queryStart + 1) === 0x3f ? queryStart + 2 : queryStart + 1;
    const plain = url.indexOf('%', at) === -1 && url.indexOf('+', at) === -1;
    while (at <= url.length) {
      let end = url.indexOf('&', at);
      if (end === -1) end = url.length;
      if (end > at) {
        if (plain) readPlainPair(url, at, end, found);
        else readEncodedPair(url.slice(at, end), found);
      }
      at = end + 1;
    }
  }
  const signature = read(found, 'msg_signature', withEchostr);
  const timestamp = read(found, 'timestamp', withEchostr);
  if (!isDigits(timestamp)) {
    throw new WeComProtocolError(WeComErrorCode.BadRequest, 'query parameter "timestamp" must be whole seconds since 1970 (digits only).');
  }
  const nonce = read(found, 'nonce', withEchostr);
  return withEchostr ? { signature, timestamp, nonce, echostr: read(found, 'echostr', withEchostr) } : { signature, timestamp, nonce };
}

type Name = 'msg_signature' | 'timestamp' | 'nonce' | 'echostr';
const NAMES: readonly Name[] = ['msg_signature', 'timestamp', 'nonce', 'echostr'];
type Found = Record<Name, string[] | undefined>;

function read(found: Found, name: Name, withEchostr: boolean): string {
  const values = found[name];
  if (values === undefined || values[0] === '') {
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
}

function keep(found: Found, name: Name, value: string): void {
  const values = found[name];
  if (values === undefined) found[name] = [value];
  else values.push(value);
}

/** url[from, to) is `name=value` or `name` with nothing to decode: matched in place, only a value of ours is sliced. */
function readPlainPair(url: string, from: number, to: number, found: Found): void {
  for (const name of NAMES) {
    if (!url.startsWith(name, from)) continue;
    const afterName = from + name.length;
    if (afterName === to) keep(found, name, ''); // `name` alone: an empty value, as URLSearchParams reads it
    else if (url.charCodeAt(afterName) === 0x3d) keep(found, name, url.slice(afterName + 1, to));
    return;
  }
}

/** A pair that needs decoding: URLSearchParams's own rules (`+` is a space, invalid escapes stay as written, UTF-8 with replacement). */
function readEncodedPair(pair: string, found: Found): void {
  // URLSearchParams would drop a leading '?' of the pair too; only the query's own first one goes.
  const [entry] = new URLSearchParams(pair.charCodeAt(0) === 0x3f ? `&${pair}` : pair);
  if (entry === undefined) return;
  const [name, value] = entry;
  if (name === 'msg_signature' || name === 'timestamp' || name === 'nonce' || name === 'echostr') keep(found, name, value);
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return text.length > 0;
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
