import type { IncomingMessage } from 'node:http';
import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';

/** The request as the adapters hand it to us: a Node request, maybe with a body a parser already read. */
export type IncomingCallbackRequest = IncomingMessage & { body?: unknown; rawBody?: unknown; raw?: IncomingMessage };

const tooLarge = (size: number | string, limit: number): WeComProtocolError =>
  new WeComProtocolError(WeComErrorCode.PayloadTooLarge, `request body is ${size} bytes, larger than the ${limit}-byte limit (bodyLimit option).`);

/**
 * The body as bytes, whoever read it first. WeCom posts `text/xml`, `application/xml` or no content
 * type, which Nest's default parsers leave unread; with `rawBody: true` or a user's own parser the
 * bytes are already there. Enforces the limit before anything is parsed.
 */
export async function readRawBody(request: IncomingCallbackRequest, limit: number): Promise<Buffer> {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(declared, limit);

  const already = alreadyRead(request);
  if (already) {
    if (already.length > limit) throw tooLarge(already.length, limit);
    return already;
  }
  const stream = request.raw ?? request;
  if (stream.readableEnded) return Buffer.alloc(0);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        stream.resume(); // drain the rest without buffering it, so the 413 can still be written
        reject(tooLarge(`more than ${limit}`, limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

function alreadyRead(request: IncomingCallbackRequest): Buffer | undefined {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  const { body } = request;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  // A JSON or form parser turned the body into an object; an XML endpoint cannot use it, and the
  // envelope parser will say so. Re-serialise so the error names what arrived.
  if (body !== undefined && body !== null && typeof body === 'object' && Object.keys(body).length > 0) {
    return Buffer.from(JSON.stringify(body), 'utf8');
  }
  return undefined;
}
