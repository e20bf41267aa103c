import 'reflect-metadata';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDedupStore, WeComHealthIndicator } from '../../src/index.js';
import { createDurableApp, DurableHandlers, fastDurable } from '../delivery/durable/durable-support.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

@Controller()
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly wecom: WeComHealthIndicator,
  ) {}

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([() => this.wecom.isHealthy('wecom')]);
  }
}

describe('WeComHealthIndicator under @nestjs/terminus, with a real Redis going up and down', () => {
  let redis: RunningRedis;
  let app: INestApplication;

  beforeAll(async () => {
    redis = await startRedisServer();
    app = await createDurableApp(
      { dedup: { store: new RedisDedupStore({ url: redis.url }) }, durable: fastDurable(redis.url) },
      { imports: [TerminusModule], controllers: [HealthController], providers: [DurableHandlers] },
    );
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('reports up with the queue counts while Redis answers', async () => {
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.wecom).toMatchObject({
      status: 'up',
      dedupStore: 'up',
      suiteTicketStore: 'memory',
      queue: 'up',
      worker: true,
      waiting: expect.any(Number),
      failed: expect.any(Number),
    });
  });

  it('reports down (503) within a bounded time once Redis is gone, naming what failed', async () => {
    await redis.stop();
    const started = Date.now();
    const res = await request(app.getHttpServer()).get('/health');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('error');
    expect(res.body.error.wecom).toMatchObject({ status: 'down', dedupStore: 'down', queue: 'down' });
    expect(Object.keys(res.body.error.wecom.errors).sort()).toEqual(['dedupStore', 'queue']);
  });

  it('reports up again when Redis is back', async () => {
    redis = await startRedisServer({ port: redis.port });
    let last: request.Response | undefined;
    for (let i = 0; i < 100; i++) {
      last = await request(app.getHttpServer()).get('/health');
      if (last.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(last!.status).toBe(200);
    expect(last!.body.details.wecom).toMatchObject({ status: 'up', dedupStore: 'up', queue: 'up' });
  });
});

describe('WeComHealthIndicator without Redis anywhere', () => {
  it('is up with in-memory stores and no queue', async () => {
    const app = await createDurableApp({}, { imports: [TerminusModule], controllers: [HealthController] });
    try {
      const res = await request(app.getHttpServer()).get('/health');
      expect(res.status).toBe(200);
      expect(res.body.details.wecom).toEqual({ status: 'up', dedupStore: 'memory', suiteTicketStore: 'memory', queue: 'off' });
    } finally {
      await app.close();
    }
  });
});
