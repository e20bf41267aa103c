import 'reflect-metadata';
import { Body, Controller, Injectable, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { OnWeComInfo, OnWeComMessage, WeComConfigError, WeComModule, type WeComContext, type WeComModuleOptions } from '../../src/index.js';
import { initApp, newApp, PLATFORMS } from '../support/create-app.js';
import { OFFICIAL } from '../support/official-keys.js';
import { openReply, signedGet, signedPost } from '../support/oracle-client.js';

const OTHER = { token: 'SalesToken123', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const text = (content: string) =>
  `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>1</MsgId></xml>`;

@Injectable()
class MultiAppHandlers {
  seen: string[] = [];

  @OnWeComMessage('text')
  everyApp(_: unknown, ctx: WeComContext) {
    this.seen.push(`every:${ctx.app}`);
  }

  @OnWeComMessage('text', { app: 'sales' })
  salesOnly(_: unknown, ctx: WeComContext) {
    this.seen.push(`sales:${ctx.app}`);
    return 'sales says hi';
  }
}

@Controller('user')
class UserController {
  @Post('echo')
  echo(@Body() body: unknown) {
    return { got: body };
  }
}

describe.each(PLATFORMS)('module configuration (%s)', (platform) => {
  async function boot(options: WeComModuleOptions, providers: any[] = []) {
    const moduleRef = await Test.createTestingModule({ imports: [WeComModule.forRoot(options)], providers }).compile();
    return initApp(moduleRef, platform);
  }

  it('serves several apps on their own paths with their own keys', async () => {
    const app = await boot(
      {
        apps: [
          { name: 'hr', path: '/wecom/hr', corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey },
          { name: 'sales', path: 'wecom/sales/', corpId: OFFICIAL.corpId, ...OTHER },
        ],
      },
      [MultiAppHandlers],
    );
    try {
      const handlers = app.get(MultiAppHandlers);
      const hrKeys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };
      const salesKeys = { ...OTHER, receiveId: OFFICIAL.corpId };

      const hr = signedPost(hrKeys, text('a'));
      const hrRes = await request(app.getHttpServer()).post(`/wecom/hr?${hr.query}`).type('text/xml').send(hr.body);
      expect(hrRes.status).toBe(200);
      expect(hrRes.text).toBe('');

      const sales = signedPost(salesKeys, text('b'));
      const salesRes = await request(app.getHttpServer()).post(`/wecom/sales?${sales.query}`).type('text/xml').send(sales.body);
      expect(openReply(salesKeys, salesRes.text).plaintext).toContain('sales says hi');
      expect(handlers.seen.sort()).toEqual(['every:hr', 'every:sales', 'sales:sales']);

      // Each path verifies with its own token only.
      const crossed = await request(app.getHttpServer()).post(`/wecom/sales?${hr.query}`).type('text/xml').send(hr.body);
      expect(crossed.body.errcode).toBe(-40001);
      expect((await request(app.getHttpServer()).get(`/wecom/sales?${signedGet(salesKeys, '77')}`)).text).toBe('77');
    } finally {
      await app.close();
    }
  });

  it('forRootAsync builds the options from injected providers, and isGlobal works', async () => {
    @Module({ providers: [{ provide: 'SETTINGS', useValue: { ...OFFICIAL } }], exports: ['SETTINGS'] })
    class SettingsModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        WeComModule.forRootAsync({
          imports: [SettingsModule],
          inject: ['SETTINGS'],
          useFactory: async (settings: typeof OFFICIAL) => ({ ...settings, path: '/async/callback' }),
          isGlobal: true,
        }),
      ],
    }).compile();
    const app = await initApp(moduleRef, platform);
    try {
      const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };
      const res = await request(app.getHttpServer()).get(`/async/callback?${signedGet(keys, '123456')}`);
      expect(res.status).toBe(200);
      expect(res.text).toBe('123456');
    } finally {
      await app.close();
    }
  });

  it("leaves the user's own routes and their body parsing as they were", async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WeComModule.forRoot({ ...OFFICIAL })], controllers: [UserController] }).compile();
    const app = await initApp(moduleRef, platform);
    try {
      const json = await request(app.getHttpServer()).post('/user/echo').send({ a: 1 });
      expect(json.status).toBe(201);
      expect(json.body).toEqual({ got: { a: 1 } });
      // Fastify still has no XML parser for the user's routes: we add none outside our own.
      const xml = await request(app.getHttpServer()).post('/user/echo').set('Content-Type', 'text/xml').send('<xml/>');
      expect(xml.status).toBe(platform === 'fastify' ? 415 : 201);
    } finally {
      await app.close();
    }
  });

  const invalid: Array<[string, WeComModuleOptions, RegExp]> = [
    ['a short key', { ...OFFICIAL, encodingAESKey: 'abc' }, /app "default": option "encodingAESKey" must be exactly 43 characters \(got 3\)/],
    ['a missing token', { ...OFFICIAL, token: '' }, /app "default": option "token" is required/],
    ['a missing corpId', { ...OFFICIAL, corpId: undefined as unknown as string }, /app "default": option "corpId" is required/],
    ['a key with a bad character', { ...OFFICIAL, encodingAESKey: `${OFFICIAL.encodingAESKey.slice(0, 42)}!` }, /option "encodingAESKey" must be letters and digits only: character 43 of 43 is "!" \(U\+0021\)/],
    [
      'two apps on one path',
      { apps: [{ name: 'a', path: '/x', ...OFFICIAL }, { name: 'b', path: '/x/', ...OFFICIAL }] },
      /apps "a" and "b" have the same path "\/x"/,
    ],
    ['an app without a name', { apps: [{ path: '/x', ...OFFICIAL } as never] }, /apps\[0\]: option "name" is required/],
    ['a suite without suiteId', { apps: [{ kind: 'suite', name: 's', path: '/s', token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey } as never] }, /app "s": option "suiteId" is required/],
    [
      'a suite-data app without authCorpIds',
      { apps: [{ kind: 'suite-data', name: 'd', path: '/d', ...OFFICIAL } as never] },
      /app "d": option "authCorpIds" is required/,
    ],
    [
      'a suite-data app with an empty allow-list',
      { apps: [{ kind: 'suite-data', name: 'd', path: '/d', ...OFFICIAL, authCorpIds: [] }] },
      /app "d": option "authCorpIds" is empty/,
    ],
    ['an unknown kind', { apps: [{ kind: 'robot', name: 'r', path: '/r', ...OFFICIAL } as never] }, /app "r": option "kind" must be one of "app", "suite", "suite-data", "bot"/],
    ['a bot with a short key', { apps: [{ kind: 'bot', name: 'b', path: '/b', token: 'T', encodingAESKey: 'x' }] }, /app "b": option "encodingAESKey" must be exactly 43/],
    ['a negative tolerance', { ...OFFICIAL, timestampToleranceSeconds: -1 }, /"timestampToleranceSeconds" must be a positive number/],
    ['a zero body-read timeout', { ...OFFICIAL, bodyReadTimeoutMs: 0 }, /"bodyReadTimeoutMs" must be a whole number of milliseconds from 100 to 300000 \(got 0\)/],
    ['a useGlobalPrefix that is not a boolean', { ...OFFICIAL, useGlobalPrefix: 'yes' as never }, /"useGlobalPrefix" must be true or false/],
  ];

  it.each(invalid)('fails when Nest builds the module, on %s, naming the app and option', async (_name, options, message) => {
    const compile = Test.createTestingModule({ imports: [WeComModule.forRoot(options)] }).compile();
    await expect(compile).rejects.toBeInstanceOf(WeComConfigError);
    await expect(compile).rejects.toThrow(message);
  });

  it('fails at boot when a handler is pinned to an app of a kind it never hears', async () => {
    @Injectable()
    class Mispinned {
      @OnWeComInfo('suite_ticket', undefined, { app: 'default' })
      handle() {}
    }
    const moduleRef = await Test.createTestingModule({ imports: [WeComModule.forRoot({ ...OFFICIAL })], providers: [Mispinned] }).compile();
    const app = newApp(moduleRef, platform);
    await expect(app.init()).rejects.toThrow(/Mispinned\.handle listens to app "default", a "app" app, but its decorator only hears "suite" apps/);
    await app.close().catch(() => undefined);
  });

  it('fails at boot when a handler names an app that does not exist', async () => {
    @Injectable()
    class Misrouted {
      @OnWeComMessage('text', { app: 'nope' })
      handle() {}
    }
    const moduleRef = await Test.createTestingModule({ imports: [WeComModule.forRoot({ ...OFFICIAL })], providers: [Misrouted] }).compile();
    const app = newApp(moduleRef, platform);
    await expect(app.init()).rejects.toThrow(/Misrouted\.handle listens to app "nope", but the configured apps are: "default"/);
  });

  it('reports every handler problem at once', async () => {
    @Injectable()
    class Wrong {
      @OnWeComMessage('text', { app: 'nope' })
      unknownApp() {}

      @OnWeComInfo('suite_ticket', undefined, { app: 'default' })
      wrongKind() {}
    }
    const moduleRef = await Test.createTestingModule({ imports: [WeComModule.forRoot({ ...OFFICIAL })], providers: [Wrong] }).compile();
    const app = newApp(moduleRef, platform);
    const init = app.init();
    await expect(init).rejects.toThrow(/^WeComModule: 2 problems in the WeCom handlers:\n  1\. Wrong\.unknownApp listens to app "nope".*\n  2\. Wrong\.wrongKind listens to app "default", a "app" app/);
    await app.close().catch(() => undefined);
  });
});
