import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';

/** WeCom caps a stream's markdown content at 20480 bytes (PROTOCOL.md §5.1). */
export const MAX_STREAM_CONTENT_BYTES = 20480;

/** One frame of a stream reply, as WeCom expects it in the reply plaintext (§5.1, doc 101031). */
export interface BotStreamFrame {
  msgtype: 'stream';
  stream: { id: string; finish: boolean; content: string };
}

/**
 * An AI bot's streamed answer (流式消息). Return it (or an async iterable of text chunks) from a bot
 * handler: the module answers the message with the first frame, then answers each of WeCom's stream
 * refresh polls with the content so far, until `finish()`. Every frame carries the whole content so
 * far, not the latest chunk (WeCom replaces the bubble's text with each frame).
 */
export class WeComBotStream {
  private static readonly logger = new Logger(LOGGER_CONTEXT);
  #content = '';
  #finished = false;

  /** `id` is the stream id WeCom polls with; a random one by default. */
  constructor(readonly id: string = randomBytes(16).toString('hex')) {
    if (typeof id !== 'string' || id === '') throw new TypeError('WeComBotStream: id must be a non-empty string.');
  }

  /** Pumps an async iterable of text chunks into a new stream; a failure ends it with what arrived. */
  static from(chunks: AsyncIterable<string>, id?: string): WeComBotStream {
    const stream = new WeComBotStream(id);
    void (async () => {
      try {
        for await (const chunk of chunks) {
          if (stream.finished) return;
          stream.append(String(chunk));
        }
      } catch (error) {
        WeComBotStream.logger.error(`bot stream ${stream.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        if (!stream.finished) stream.finish();
      }
    })();
    return stream;
  }

  get content(): string {
    return this.#content;
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** Adds text to the content. */
  append(text: string): this {
    this.assertOpen('append');
    this.#content += text;
    return this;
  }

  /** Replaces the whole content. */
  replace(content: string): this {
    this.assertOpen('replace');
    this.#content = content;
    return this;
  }

  /** Ends the stream, optionally appending a last piece; the next poll gets `finish: true`. */
  finish(lastText = ''): this {
    this.assertOpen('finish');
    this.#content += lastText;
    this.#finished = true;
    return this;
  }

  /** The frame to answer now: content clipped to WeCom's byte limit at a character boundary. */
  frame(): BotStreamFrame {
    return { msgtype: 'stream', stream: { id: this.id, finish: this.#finished, content: clipUtf8(this.#content, MAX_STREAM_CONTENT_BYTES) } };
  }

  private assertOpen(method: string): void {
    if (this.#finished) throw new Error(`WeComBotStream ${this.id}: ${method}() after finish()`);
  }
}

function clipUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8').subarray(0, maxBytes);
  // A cut inside a multi-byte character decodes to U+FFFD at the end; drop it.
  return bytes.toString('utf8').replace(/\uFFFD$/, '');
}
