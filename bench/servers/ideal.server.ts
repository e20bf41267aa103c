import 'reflect-metadata';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDEAL_BODY_LIMIT, IdealPipeline } from '../ideal/ideal-pipeline.js';
import { idealHandler } from '../ideal/ideal-handler.js';
import { BENCH_APP } from '../support/bench-settings.mjs';
import { BENCH_NEST_LOG_LEVELS, reportReady } from './bench-server-ipc.js';

// ideal-text-reply and ideal-event: the ideal pipeline (bench/ideal/) served from the module's kind of
// route: a Nest (Express) app with its defaults, whose POST route is mounted on the HTTP adapter at
// onModuleInit as WeComModule mounts its own, with Nest's json and urlencoded parsers skipping the
// callback path (their layers stay, as in any user's app) and the answer written on the raw response.
const pipeline = new IdealPipeline(BENCH_APP, idealHandler);

/**
 * The body-read time bound the module also has (bodyReadTimeoutMs, 408), at its cheapest: reads in
 * progress sit in a set swept by one interval timer, armed only while the set is not empty, instead of
 * a timer per request.
 */
const BODY_READ_TIMEOUT_MS = 5_000;
interface Reading {
  readonly deadline: number;
  readonly expire: () => void;
}
const reading = new Set<Reading>();
let sweeper: NodeJS.Timeout | undefined;
function track(entry: Reading): void {
  reading.add(entry);
  sweeper ??= setInterval(() => {
    const now = Date.now();
    for (const item of reading) if (item.deadline <= now) item.expire();
    if (reading.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  }, 250).unref();
}

@Injectable()
class IdealRoute implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    skipBodyParsers(this.adapterHost.httpAdapter.getInstance(), BENCH_APP.path);
    this.adapterHost.httpAdapter.post(BENCH_APP.path, (request: IncomingMessage, response: ServerResponse) => {
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > IDEAL_BODY_LIMIT) return write(response, 413, '', undefined);
      const chunks: Buffer[] = [];
      let size = 0;
      const entry: Reading = {
        deadline: Date.now() + BODY_READ_TIMEOUT_MS,
        expire: () => {
          reading.delete(entry);
          request.pause();
          response.setHeader('Connection', 'close');
          write(response, 408, '{"errcode":-40014,"errmsg":"body not complete in time"}', 'application/json; charset=utf-8');
          response.once('finish', () => request.socket.destroy());
        },
      };
      track(entry);
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= IDEAL_BODY_LIMIT) chunks.push(chunk);
      });
      request.on('end', () => {
        if (!reading.delete(entry)) return; // answered 408 already
        if (size > IDEAL_BODY_LIMIT) return write(response, 413, '{"errcode":-40012,"errmsg":"body too large"}', 'application/json; charset=utf-8');
        const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        const answer = pipeline.handle(request.url ?? '', body);
        write(response, answer.status, answer.body, answer.contentType);
      });
    });
  }
}

type Middleware = ((request: IncomingMessage & { originalUrl?: string }, response: unknown, next: () => void) => unknown) & { name: string };

/** Nest registered its body parsers before any onModuleInit; each is wrapped to let a POST to the callback path through untouched. */
function skipBodyParsers(express: { router?: { stack?: Array<{ handle?: Middleware }> } }, path: string): void {
  for (const layer of express.router?.stack ?? []) {
    const parser = layer.handle;
    if (typeof parser !== 'function' || (parser.name !== 'jsonParser' && parser.name !== 'urlencodedParser')) continue;
    const skipping: Middleware = (request, response, next) => {
      const url = request.originalUrl ?? request.url ?? '';
      const query = url.indexOf('?');
      if (request.method === 'POST' && (query === -1 ? url : url.slice(0, query)) === path) return next();
      return parser(request, response, next);
    };
    Object.defineProperty(skipping, 'name', { value: parser.name });
    layer.handle = skipping;
  }
}

function write(response: ServerResponse, status: number, body: string, contentType: string | undefined): void {
  response.statusCode = status;
  if (contentType) response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(body);
}

@Module({ providers: [IdealRoute] })
class IdealModule {}

const app = await NestFactory.create(IdealModule, { logger: BENCH_NEST_LOG_LEVELS });
await app.listen(0, '127.0.0.1');
const server = app.getHttpServer();
reportReady({ port: (server.address() as AddressInfo).port, close: () => app.close(), stats: () => ({ handled: pipeline.handled }) });
