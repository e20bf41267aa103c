import type { IncomingMessage } from 'node:http';
import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';

/** The request as the adapters hand it to us: a Node request, maybe with a body a parser already read. */
export type IncomingCallbackRequest = IncomingMessage & { body?: unknown; rawBody?: unknown; raw?: IncomingMessage };

/** What bounds the read: the `bodyLimit` and `bodyReadTimeoutMs` options. */
export interface BodyBounds {
  readonly bodyLimit: number;
  readonly bodyReadTimeoutMs: number;
}

const tooLarge = (size: number | string, limit: number): WeComProtocolError =>
  new WeComProtocolError(WeComErrorCode.PayloadTooLarge, `request body is ${size} bytes, larger than the ${limit}-byte limit (bodyLimit option).`);

const tooSlow = (received: number, timeoutMs: number): WeComProtocolError =>
  new WeComProtocolError(
    WeComErrorCode.RequestTimeout,
    `request body not complete after ${timeoutMs} ms (${received} bytes received; bodyReadTimeoutMs option). WeCom sends its few KB at once.`,
  );

/**
 * The body as bytes, bounded in size and in time: larger than `bodyLimit` is a 413 before anything is
 * parsed, and a body still incomplete `bodyReadTimeoutMs` after the route started reading it is a 408
 * (the route then closes the connection), so a client trickling bytes holds a socket for a few
 * seconds, not for Node's 300 s requestTimeout. On Express the body parsers skip our paths, so the
 * bytes are normally still in the stream; a parser of the app's own may have read them already.
 */
export async function readRawBody(request: IncomingCallbackRequest, bounds: BodyBounds): Promise<Buffer> {
  const { bodyLimit, bodyReadTimeoutMs } = bounds;
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > bodyLimit) throw tooLarge(declared, bodyLimit);

  const already = alreadyRead(request);
  if (already) {
    if (already.length > bodyLimit) throw tooLarge(already.length, bodyLimit);
    return already;
  }
  const stream = request.raw ?? request;
  if (stream.readableEnded) return Buffer.alloc(0);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > bodyLimit) {
        fail(tooLarge(`more than ${bodyLimit}`, bodyLimit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onTimeout = () => {
      stream.pause(); // nothing more is read; the 408 closes the connection
      fail(tooSlow(size, bodyReadTimeoutMs));
    };
    const timer = setTimeout(onTimeout, bodyReadTimeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', fail);
      stream.off('aborted', onAborted);
    };
    const onAborted = () => fail(new Error('the client aborted the request'));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', fail);
    stream.on('aborted', onAborted);
  });
}

function alreadyRead(request: IncomingCallbackRequest): Buffer | undefined {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  const { body } = request;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  // A JSON or form parser of the app's own turned the body into an object; an XML endpoint cannot use
  // it, and the envelope scan will say so. Re-serialise so the error names what arrived.
  if (body !== undefined && body !== null && typeof body === 'object' && Object.keys(body).length > 0) {
    return Buffer.from(JSON.stringify(body), 'utf8');
  }
  return undefined;
}
