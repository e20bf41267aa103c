import type { ServerResponse } from 'node:http';
import type { HttpServer } from '@nestjs/common';
import type { CallbackResponse } from '../families/callback-response.js';

/** Writes a CallbackResponse on the platform's response object. */
export type AnswerWriter = (response: unknown, answer: CallbackResponse) => unknown;

/** The writer for the app's HTTP adapter: straight on Node's response for Express, through the adapter for Fastify. */
export function answerWriterFor(adapter: HttpServer): AnswerWriter {
  if (adapter.getType() === 'express') return writeNodeResponse;
  return (response, answer) => {
    if (answer.contentType) adapter.setHeader(response, 'Content-Type', answer.contentType);
    for (const [name, value] of Object.entries(answer.headers ?? {})) adapter.setHeader(response, name, value);
    if (answer.closeConnection) {
      adapter.setHeader(response, 'Connection', 'close');
      destroySocketOnceAnswered((response as { raw: ServerResponse }).raw);
    }
    return adapter.reply(response, answer.body, answer.status);
  };
}

/**
 * Express's `res.send` hashes every body for an ETag and re-derives the content type; a callback answer
 * needs neither (WeCom never revalidates), and skipping them was measurable on the reply path. Express's
 * response is a Node ServerResponse, so the answer is written on it directly.
 */
function writeNodeResponse(response: unknown, answer: CallbackResponse): void {
  const raw = response as ServerResponse;
  raw.statusCode = answer.status;
  if (answer.contentType) raw.setHeader('Content-Type', answer.contentType);
  const { headers } = answer; // most answers have none: no entries array per request
  if (headers) for (const name of Object.keys(headers)) raw.setHeader(name, headers[name]);
  raw.setHeader('Content-Length', Buffer.byteLength(answer.body));
  if (answer.closeConnection) {
    raw.setHeader('Connection', 'close');
    destroySocketOnceAnswered(raw);
  }
  raw.end(answer.body);
}

/**
 * For a client that would not finish its request: once the answer is out (it said `Connection: close`),
 * destroy the socket, so that the rest of its body is never waited for.
 */
function destroySocketOnceAnswered(raw: ServerResponse): void {
  const { socket } = raw;
  const destroy = () => socket?.destroy();
  raw.once('finish', destroy);
  raw.once('close', destroy);
}
