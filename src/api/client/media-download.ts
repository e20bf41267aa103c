import { Readable } from 'node:stream';
import { WeComApiError, WeComApiTransportError } from '../../errors/wecom-api.error.js';
import { readJson, type ApiHttp } from '../http/api-http.js';
import { redact } from '../tokens/token-sources.js';

/** A downloaded media file: read `stream` once, or call `buffer()`. */
export interface WeComMedia {
  /** The Content-Type WeCom sent, e.g. `image/jpeg`. */
  readonly contentType: string;
  /** From Content-Disposition, e.g. `MEDIA_ID.jpg`. */
  readonly filename: string | undefined;
  /** Total size in bytes, when WeCom said. */
  readonly size: number | undefined;
  /** The bytes, fetched chunk by chunk as you read (each chunk a Range request). */
  readonly stream: Readable;
  /** Reads the whole stream into memory. */
  buffer(): Promise<Buffer>;
}

/** Range chunks: WeCom refuses more than 20 MB per request (830002, doc 96486); smaller chunks also fit in the timeout. */
export const DEFAULT_DOWNLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

type Fetch = (start: number, end: number) => Promise<Response>;

/**
 * `media/get` with `Range: bytes=start-end` (doc 90254: "支持断点下载（分块下载）"): 206 with
 * Content-Range for each chunk, or 200 if the server sends the whole file. An error is JSON instead of
 * the file. Each chunk is read whole before it is passed on, so the timeout measures WeCom, not the
 * reader, and memory stays within one chunk.
 */
export async function downloadMedia(fetchRange: Fetch, chunkBytes: number): Promise<WeComMedia> {
  const first = await fetchRange(0, chunkBytes - 1);
  const contentType = first.headers.get('content-type') ?? 'application/octet-stream';
  const filename = filenameOf(first.headers.get('content-disposition'));
  let size: number | undefined;
  let chunks: AsyncGenerator<Buffer>;
  if (first.status === 206) {
    const range = parseContentRange(first.headers.get('content-range'));
    if (!range || range.start !== 0) throw new WeComApiTransportError('malformed-response', 'a 206 without a usable Content-Range', '/cgi-bin/media/get', 206);
    size = range.total;
    chunks = rangedChunks(first, range.end + 1, range.total, fetchRange, chunkBytes);
  } else {
    const length = Number(first.headers.get('content-length'));
    size = Number.isFinite(length) && length >= 0 && first.headers.get('content-length') !== null ? length : undefined;
    chunks = (async function* () {
      yield Buffer.from(await first.arrayBuffer());
    })();
  }
  const stream = Readable.from(chunks, { objectMode: false });
  return {
    contentType,
    filename,
    size,
    stream,
    buffer: async () => {
      const parts: Buffer[] = [];
      for await (const part of stream) parts.push(part as Buffer);
      return Buffer.concat(parts);
    },
  };
}

async function* rangedChunks(first: Response, next: number, total: number | undefined, fetchRange: Fetch, chunkBytes: number): AsyncGenerator<Buffer> {
  yield Buffer.from(await first.arrayBuffer());
  let offset = next;
  while (total !== undefined && offset < total) {
    const end = Math.min(offset + chunkBytes, total) - 1;
    const response = await fetchRange(offset, end);
    const range = parseContentRange(response.headers.get('content-range'));
    if (response.status !== 206 || !range || range.start !== offset) {
      await response.body?.cancel().catch(() => undefined);
      throw new WeComApiTransportError('malformed-response', `chunk at ${offset}: expected 206 with Content-Range from ${offset}`, '/cgi-bin/media/get', response.status);
    }
    const body = Buffer.from(await response.arrayBuffer());
    if (body.length !== range.end - range.start + 1) {
      throw new WeComApiTransportError('malformed-response', `chunk at ${offset}: ${body.length} bytes instead of ${range.end - range.start + 1}`, '/cgi-bin/media/get', 206);
    }
    yield body;
    offset = range.end + 1;
  }
}

/** One chunk request; a JSON answer is WeCom's error (e.g. 40007 invalid media_id, or 42001). */
export async function requestRange(http: ApiHttp, path: string, query: Record<string, string>, start: number, end: number, token: string): Promise<Response> {
  const response = await http.raw({ method: 'GET', path, query, headers: { range: `bytes=${start}-${end}` } });
  const type = response.headers.get('content-type') ?? '';
  if (/^(application\/json|text\/plain)/i.test(type)) {
    const body = await readJson(response, path);
    throw new WeComApiError(body.errcode ?? -1, redact(body.errmsg ?? 'no media in the answer', [token]), path);
  }
  return response;
}

function parseContentRange(header: string | null): { start: number; end: number; total: number | undefined } | undefined {
  const match = header ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim()) : null;
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? undefined : Number(match[3]) };
}

function filenameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : undefined;
}
