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
// route: a Nest (Express) app whose POST route is mounted on the HTTP adapter at onModuleInit, as
// WeComModule mounts its own, with Nest's body parsers off and the answer written on the raw response.
const pipeline = new IdealPipeline(BENCH_APP, idealHandler);

@Injectable()
class IdealRoute implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter.post(BENCH_APP.path, (request: IncomingMessage, response: ServerResponse) => {
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > IDEAL_BODY_LIMIT) return write(response, 413, '', undefined);
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= IDEAL_BODY_LIMIT) chunks.push(chunk);
      });
      request.on('end', () => {
        const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        const answer = pipeline.handle(request.url ?? '', body);
        write(response, answer.status, answer.body, answer.contentType);
      });
    });
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

const app = await NestFactory.create(IdealModule, { logger: BENCH_NEST_LOG_LEVELS, bodyParser: false });
await app.listen(0, '127.0.0.1');
const server = app.getHttpServer();
reportReady({ port: (server.address() as AddressInfo).port, close: () => app.close(), stats: () => ({ handled: pipeline.handled }) });
