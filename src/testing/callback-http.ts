import { WeComTestClientError } from '../errors/wecom-test-client.error.js';
import { MATCHED_HANDLERS_HEADER, SIMULATOR_REQUEST_HEADER } from '../wecom.constants.js';

/** What came back over HTTP, whatever it was. */
export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly durationMs: number;
  /**
   * How many handlers the callback matched, when the app is a nestjs-wecom app that says so (it answers
   * the simulator's header, never WeCom); `undefined` for any other server.
   */
  readonly matchedHandlers?: number;
}

/** What the body is, for the Content-Type header: WeCom posts XML, and JSON to AI bots. */
export type BodyFormat = 'xml' | 'json';

const CONTENT_TYPES: Record<BodyFormat, string> = { xml: 'text/xml; charset=utf-8', json: 'application/json; charset=utf-8' };

/**
 * One request with Node's fetch; network failures become WeComTestClientError with a sentence a
 * newcomer can act on, instead of undici's "fetch failed".
 */
export async function httpExchange(
  method: 'GET' | 'POST',
  url: URL,
  body: string | undefined,
  timeoutMs: number,
  format: BodyFormat = 'xml',
): Promise<HttpAnswer> {
  const started = performance.now();
  const headers: Record<string, string> = { [SIMULATOR_REQUEST_HEADER]: '1' };
  if (body !== undefined) headers['content-type'] = CONTENT_TYPES[format];
  try {
    const response = await fetch(url, { method, body, headers, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const matched = response.headers.get(MATCHED_HANDLERS_HEADER);
    return {
      status: response.status,
      body: text,
      durationMs: performance.now() - started,
      ...(matched !== null && /^\d+$/.test(matched) ? { matchedHandlers: Number(matched) } : {}),
    };
  } catch (error) {
    throw describeNetworkError(error, url, timeoutMs);
  }
}

function describeNetworkError(error: unknown, url: URL, timeoutMs: number): WeComTestClientError {
  const where = url.host;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new WeComTestClientError(
      'timeout',
      `no answer from ${where} within ${timeoutMs} ms. WeCom itself gives up after 5 seconds and retries (the 5-second rule).`,
      { cause: error },
    );
  }
  const code = networkCode(error);
  if (code === 'ECONNREFUSED') {
    return new WeComTestClientError(
      'connection-refused',
      `connection refused at ${where}: nothing is listening there. Start your app (for the sample: npm run sample) or pass the right --url.`,
      { cause: error },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new WeComTestClientError('host-not-found', `the host "${url.hostname}" does not resolve: check the host name in the URL.`, { cause: error });
  }
  const detail = code ?? (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
  return new WeComTestClientError('network', `the request to ${url.origin}${url.pathname} failed (${detail}).`, { cause: error });
}

/** undici wraps the socket error: `TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })`, sometimes in an AggregateError. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) return code;
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      const innerCode = (inner[0] as { code?: unknown }).code;
      if (typeof innerCode === 'string') return innerCode;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
