import 'reflect-metadata';
import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { OnWeComMessage, WeComAppRegistry, WeComModule, type WeComModuleOptions } from '../../src/index.js';
import { message, WeComTestClient } from '../../src/testing/index.js';
import { PLATFORMS, type Platform } from '../support/create-app.js';
import { OFFICIAL } from '../support/official-keys.js';
import { signedGet } from '../support/oracle-client.js';

const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };

@Injectable()
class Echo {
  @OnWeComMessage('text')
  onText(payload: { Content: string }) {
    return `echo: ${payload.Content}`;
  }
}

@Controller('health')
class Health {
  @Get()
  ok() {
    return 'ok';
  }
}

/** As main.ts does it: the prefix is set on the created app, before init() / listen(). */
async function boot(platform: Platform, options: Partial<WeComModuleOptions>, prefix: (app: INestApplication) => void): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [WeComModule.forRoot({ ...OFFICIAL, ...options } as WeComModuleOptions)],
    providers: [Echo],
    controllers: [Health],
  }).compile();
  const app = platform === 'fastify' ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false }) : moduleRef.createNestApplication({ logger: false });
  prefix(app);
  await app.init();
  if (platform === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  return app;
}

const verify = (app: INestApplication, path: string) => request(app.getHttpServer()).get(`${path}?${signedGet(keys, '4242')}`);

describe.each(PLATFORMS)('useGlobalPrefix (%s)', (platform) => {
  it('is off by default: the callback path stays as configured whatever the global prefix', async () => {
    const app = await boot(platform, {}, (a) => a.setGlobalPrefix('api'));
    try {
      expect((await verify(app, '/wecom/callback')).text).toBe('4242');
      expect((await verify(app, '/api/wecom/callback')).status).toBe(404);
      expect((await request(app.getHttpServer()).get('/api/health')).text).toBe('ok');
    } finally {
      await app.close();
    }
  });

  it('mounts the callback paths behind the prefix when on, and the test client follows', async () => {
    const app = await boot(platform, { useGlobalPrefix: true }, (a) => a.setGlobalPrefix('/api/'));
    try {
      expect((await verify(app, '/api/wecom/callback')).text).toBe('4242');
      expect((await verify(app, '/wecom/callback')).status).toBe(404);
      expect(app.get(WeComAppRegistry).callbackPath('default')).toBe('/api/wecom/callback');
      const result = await WeComTestClient.forApp(app).send(message.text('prefixed'));
      expect(result.reply?.payload.Content).toBe('echo: prefixed');
    } finally {
      await app.close();
    }
  });

  it("honours the prefix's exclude list, as Nest does for its own routes", async () => {
    const app = await boot(platform, { useGlobalPrefix: true }, (a) => a.setGlobalPrefix('api', { exclude: ['wecom/callback'] }));
    try {
      expect((await verify(app, '/wecom/callback')).text).toBe('4242');
      expect((await request(app.getHttpServer()).get('/api/health')).text).toBe('ok');
    } finally {
      await app.close();
    }
  });

  it('mounts the path as configured when on but no prefix is set', async () => {
    const app = await boot(platform, { useGlobalPrefix: true }, () => undefined);
    try {
      expect((await verify(app, '/wecom/callback')).text).toBe('4242');
    } finally {
      await app.close();
    }
  });
});
