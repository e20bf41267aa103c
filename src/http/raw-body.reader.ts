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
 *
 * Not an async function: it returns the read's own promise (an async wrapper around it would cost
 * two more microtask turns per request), and its deadline sits in a set that one timer sweeps
 * (body-read deadlines below) instead of a timer per request.
 */
export function readRawBody(request: IncomingCallbackRequest, bounds: BodyBounds): Promise<Buffer> {
  const { bodyLimit, bodyReadTimeoutMs } = bounds;
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > bodyLimit) return Promise.reject(tooLarge(declared, bodyLimit));

  const already = alreadyRead(request);
  if (already) {
    if (already.length > bodyLimit) return Promise.reject(tooLarge(already.length, bodyLimit));
    return Promise.resolve(already);
  }
  const stream = request.raw ?? request;
  if (stream.readableEnded) return Promise.resolve(Buffer.alloc(0));
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
    const deadline: BodyReadDeadline = {
      at: Date.now() + bodyReadTimeoutMs,
      expire: () => {
        stream.pause(); // nothing more is read; the 408 closes the connection
        fail(tooSlow(size, bodyReadTimeoutMs));
      },
    };
    watchDeadline(deadline);
    const cleanup = () => {
      pendingReads.delete(deadline);
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

/**
 * Body-read deadlines: the reads in progress, swept every SWEEP_MS by one timer that runs only while
 * there are any (unref'd, so it never holds the process open). A read past its deadline expires on the
 * next sweep, at most SWEEP_MS late; a timer per request (setTimeout + clearTimeout for a body that
 * nearly always arrives in the same packet as the headers) cost more than the read itself.
 */
interface BodyReadDeadline {
  readonly at: number;
  readonly expire: () => void;
}
const SWEEP_MS = 50;
const pendingReads = new Set<BodyReadDeadline>();
let sweeper: ReturnType<typeof setInterval> | undefined;

function watchDeadline(deadline: BodyReadDeadline): void {
  pendingReads.add(deadline);
  if (sweeper === undefined) {
    sweeper = setInterval(sweepDeadlines, SWEEP_MS);
    sweeper.unref();
  }
}

function sweepDeadlines(): void {
  const now = Date.now();
  for (const deadline of pendingReads) if (deadline.at <= now) deadline.expire();
  if (pendingReads.size === 0 && sweeper !== undefined) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
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
