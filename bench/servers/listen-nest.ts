import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { BENCH_NEST_LOG_LEVELS, reportReady } from './bench-server-ipc.js';

/** Boots a Nest (Express) app on a free loopback port and hands it to the bench runner. */
export async function listenNest(rootModule: object, stats?: () => { handled: number }): Promise<void> {
  const app = await NestFactory.create(rootModule as never, { logger: BENCH_NEST_LOG_LEVELS });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  reportReady({ port: (server.address() as AddressInfo).port, close: () => app.close(), stats });
}
