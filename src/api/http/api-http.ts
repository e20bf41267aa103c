import { WeComApiError, WeComApiTransportError } from '../../errors/wecom-api.error.js';
import type { ApiHttpOptions } from './api-http-options.js';
import { NODE_FETCH, proxiedFetch, type FetchImplementation } from './fetch-implementation.js';

export type QueryValue = string | number | boolean | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/** A JSON or multipart request to one endpoint. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST';
  /** `/cgi-bin/...`, as in WeCom's docs. */
  readonly path: string;
  readonly query?: Query;
  /** A plain object is sent as JSON; a FormData (from `formData()`) as multipart. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** WeCom's answer: `errcode` 0 (or absent) means success. */
export interface WeComResponseBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

/**
 * HTTP to the active API on Node's fetch: the base URL, a timeout per request, the optional proxy,
 * JSON and multipart bodies. It knows nothing of tokens. Error messages name the path only: the
 * query carries the access token (or, for gettoken, the secret), so it never appears in an error.
 */
export class ApiHttp {
  private implementation: Promise<FetchImplementation> | undefined;

  constructor(readonly options: ApiHttpOptions) {}

  /** The FormData class that this client's fetch sends as multipart. */
  async formData(): Promise<FormData> {
    const { FormData } = await this.fetchImplementation();
    return new FormData();
  }

  /** Sends the request and reads WeCom's JSON answer; a non-zero errcode is returned, not thrown. */
  async json(request: ApiRequest): Promise<WeComResponseBody> {
    const response = await this.send(request);
    return readJson(response, request.path);
  }

  /**
   * Sends the request and returns the response with its body unread (media downloads). The timeout
   * covers the whole exchange, body included: a download asks for chunks small enough to fit in it.
   */
  async raw(request: ApiRequest): Promise<Response> {
    return this.send(request);
  }

  async close(): Promise<void> {
    const implementation = this.implementation;
    this.implementation = undefined;
    if (implementation) await (await implementation.catch(() => NODE_FETCH)).close();
  }

  private async send(request: ApiRequest): Promise<Response> {
    const { fetch } = await this.fetchImplementation();
    const url = this.url(request.path, request.query);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    let body: string | FormData | undefined;
    if (request.body !== undefined) {
      if (isFormData(request.body)) body = request.body;
      else {
        body = JSON.stringify(request.body);
        headers['content-type'] = 'application/json; charset=utf-8';
      }
    }
    try {
      const response = await fetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs) });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new WeComApiTransportError('http-status', `HTTP ${response.status}`, request.path, response.status);
      }
      return response;
    } catch (error) {
      throw toTransportError(error, request.path, this.options.timeoutMs);
    }
  }

  private url(path: string, query: Query | undefined): string {
    let url = this.options.baseUrl + path;
    if (!query) return url;
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.append(name, String(value));
    const search = params.toString();
    if (search) url += `?${search}`;
    return url;
  }

  private fetchImplementation(): Promise<FetchImplementation> {
    this.implementation ??= this.options.proxy ? proxiedFetch(this.options.proxy) : Promise.resolve(NODE_FETCH);
    return this.implementation;
  }
}

/** WeCom answers JSON, whatever its Content-Type says; anything else is a transport failure. */
export async function readJson(response: Response, path: string): Promise<WeComResponseBody> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw toTransportError(error, path, undefined);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WeComApiTransportError('malformed-response', `not JSON (${text.length} bytes, HTTP ${response.status})`, path, response.status);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WeComApiTransportError('malformed-response', `not a JSON object (HTTP ${response.status})`, path, response.status);
  }
  const body = parsed as WeComResponseBody;
  if (body.errcode !== undefined && typeof body.errcode !== 'number') {
    throw new WeComApiTransportError('malformed-response', 'errcode is not a number', path, response.status);
  }
  return body;
}

function isFormData(value: unknown): value is FormData {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object FormData]';
}

/**
 * Only the error's kind and code: an undici error's message or cause can carry the URL, and with it
 * the access token.
 */
export function toTransportError(error: unknown, path: string, timeoutMs: number | undefined): WeComApiError {
  if (error instanceof WeComApiError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new WeComApiTransportError('timeout', timeoutMs === undefined ? 'timed out' : `no answer within ${timeoutMs} ms`, path);
  }
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  if (error instanceof Error && error.message.startsWith('WeComModule:')) return new WeComApiTransportError('network', error.message, path);
  return new WeComApiTransportError('network', code ? `request failed (${code})` : 'request failed', path);
}
