import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { parseSignedQuery } from '../../src/http/signed-query.js';

/**
 * parseSignedQuery splits the query by hand and hands only pairs that need decoding to URLSearchParams.
 * This is the version it replaced, URLSearchParams over the whole query: the two must give the same
 * parameters, or the same refusal with the same message, for any URL.
 */
const MAX_LENGTH: Record<string, number> = { msg_signature: 128, timestamp: 20, nonce: 128, echostr: 4096 };
function referenceParse(url: string, withEchostr: boolean): Record<string, string | undefined> {
  const queryStart = url.indexOf('?');
  const params = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
  const read = (name: string): string => {
    const values = params.getAll(name);
    if (values.length === 0 || values[0] === '') throw new Error(`missing ${name}`);
    if (values.length > 1) throw new Error(`${name} appears ${values.length} times`);
    if (values[0].length > MAX_LENGTH[name]) throw new Error(`${name} too long (${values[0].length})`);
    return values[0].includes(' ') ? values[0].replaceAll(' ', '+') : values[0];
  };
  const signature = read('msg_signature');
  const timestamp = read('timestamp');
  if (!/^\d+$/.test(timestamp)) throw new Error('timestamp not digits');
  const nonce = read('nonce');
  return withEchostr ? { signature, timestamp, nonce, echostr: read('echostr') } : { signature, timestamp, nonce };
}

/** The outcome in comparable form: the values, or which check refused (our messages name the same facts). */
function outcome(parse: () => object): string {
  try {
    return `ok ${JSON.stringify(parse())}`;
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof WeComProtocolError) {
      expect(error.errcode).toBe(400);
      const missing = /missing query parameter "(\w+)"/.exec(message);
      if (missing) return `missing ${missing[1]}`;
      const repeated = /query parameter "(\w+)" appears (\d+) times/.exec(message);
      if (repeated) return `${repeated[1]} appears ${repeated[2]} times`;
      const long = /query parameter "(\w+)" is too long \((\d+) characters/.exec(message);
      if (long) return `${long[1]} too long (${long[2]})`;
      if (message.includes('"timestamp" must be whole seconds')) return 'timestamp not digits';
      return `unexpected refusal ${message}`;
    }
    return message; // the reference's own words are already in this form
  }
}

describe('parseSignedQuery (hand-split query)', () => {
  it('reads what WeCom sends, and refuses repeats, gaps and bad timestamps exactly as before', () => {
    const url = '/wecom/callback?msg_signature=477715d11cdb4164915debcba66cb864d751f3e6&timestamp=1409659813&nonce=1372623149';
    expect(parseSignedQuery(url, false)).toEqual({ signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' });
    const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D';
    expect(parseSignedQuery(`${url}&echostr=${echostr}`, true).echostr).toBe(decodeURIComponent(echostr));
    for (const bad of [`${url}&nonce=2`, url.replace('timestamp=1409659813', 'timestamp=14x'), url.replace('&nonce=1372623149', ''), '/wecom/callback', `${url.replace('nonce=', 'nonce=&nonce=')}`]) {
      expect(outcome(() => parseSignedQuery(bad, false))).toBe(outcome(() => referenceParse(bad, false)));
      expect(outcome(() => parseSignedQuery(bad, false))).not.toMatch(/^ok/);
    }
  });

  it('gives the same answer as URLSearchParams over the whole query, for any URL', () => {
    const name = fc.constantFrom('msg_signature', 'timestamp', 'nonce', 'echostr', 'msg%5Fsignature', 'time+stamp', 'nonce%', '', 'x', '?nonce', 'NONCE');
    const valueChar = fc.constantFrom('a', 'F', '0', '9', '+', ' ', '%', '%2B', '%20', '%2', '%zz', '%E4%B8%AD', '%FF', '=', '/', '中', '#', '?');
    const value = fc.oneof(
      fc.stringMatching(/^[0-9a-f]{40}$/),
      fc.stringMatching(/^\d{1,12}$/),
      fc.array(valueChar, { maxLength: 8 }).map((parts) => parts.join('')),
      fc.string({ maxLength: 6 }),
      fc.constant('1'.repeat(130)),
    );
    const pair = fc.oneof(fc.tuple(name, value).map(([n, v]) => `${n}=${v}`), name, fc.constant(''));
    const url = fc
      .tuple(fc.constantFrom('/wecom/callback', '/cb', ''), fc.constantFrom('?', '??', '', '?&'), fc.array(pair, { maxLength: 7 }))
      .map(([path, mark, pairs]) => `${path}${mark}${pairs.join('&')}`);
    fc.assert(
      fc.property(url, fc.boolean(), (raw, withEchostr) => {
        expect(outcome(() => parseSignedQuery(raw, withEchostr))).toBe(outcome(() => referenceParse(raw, withEchostr)));
      }),
      { numRuns: 5000 },
    );
    // And WeCom-like queries, which must parse: the generator above mostly builds broken ones.
    const wecom = fc
      .tuple(fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^\d{10}$/), fc.stringMatching(/^[0-9a-zA-Z]{1,16}$/), fc.shuffledSubarray(['a=1', 'b', 'c=%20'], { minLength: 0 }))
      .map(([sig, ts, nonce, extra]) => `/wecom/callback?${[`msg_signature=${sig}`, `timestamp=${ts}`, `nonce=${nonce}`, ...extra].join('&')}`);
    fc.assert(
      fc.property(wecom, (raw) => {
        expect(outcome(() => parseSignedQuery(raw, false))).toBe(outcome(() => referenceParse(raw, false)));
        expect(outcome(() => parseSignedQuery(raw, false))).toMatch(/^ok/);
      }),
      { numRuns: 500 },
    );
  });
});
