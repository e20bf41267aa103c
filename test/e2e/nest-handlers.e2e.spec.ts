import 'reflect-metadata';
import {
  Catch,
  Controller,
  createParamDecorator,
  ForbiddenException,
  Get,
  Injectable,
  Scope,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  type ArgumentMetadata,
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type INestApplication,
  type NestInterceptor,
  type PipeTransform,
  type Provider,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { map, type Observable } from 'rxjs';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  OnWeComEvent,
  OnWeComMessage,
  WeComApp,
  WeComArgumentsHost,
  WeComConfigError,
  WeComCtx,
  WeComExecutionContext,
  WeComModule,
  WeComPayload,
  WeComReply,
  type TextMessage,
  type WeComContext,
} from '../../src/index.js';
import { OFFICIAL } from '../support/official-keys.js';
import { openReply, signedPost } from '../support/oracle-client.js';

// One Nest app, one WeCom app per concern (same keys, own path), so that each concern has its own routes.
const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };
const APPS = ['guards', 'interceptors', 'pipes', 'filters', 'params'] as const;
type AppName = (typeof APPS)[number];

/** What the handlers and enhancers saw, in order; reset before each test. */
const seen: string[] = [];

const xml = (fields: Record<string, string>): string =>
  `<xml>${Object.entries(fields)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('')}</xml>`;

// Every message gets its own MsgId: deduplication (on by default) treats a repeated MsgId as WeCom's retry.
let nextMsgId = 4561255354251345929n;
const freshMsgId = () => String(nextMsgId++);
const text = (content: string, from = 'zhangsan') =>
  xml({ ToUserName: OFFICIAL.corpId, FromUserName: from, CreateTime: '1409659813', MsgType: 'text', Content: content, MsgId: freshMsgId(), AgentID: '218' });

const image = (from = 'zhangsan') =>
  xml({ ToUserName: OFFICIAL.corpId, FromUserName: from, CreateTime: '1409659813', MsgType: 'image', PicUrl: 'https://p', MediaId: 'm1', MsgId: freshMsgId(), AgentID: '218' });

const click = (key: string) =>
  xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'zhangsan', CreateTime: '1409659813', MsgType: 'event', Event: 'click', EventKey: key, AgentID: '218' });

// ---- guards -------------------------------------------------------------------------------------

@Injectable()
class AllowListGuard implements CanActivate {
  static readonly allowed = new Set(['zhangsan']);
  canActivate(context: ExecutionContext): boolean {
    const message = WeComExecutionContext.create(context).getPayload<TextMessage>();
    seen.push(`guard:${message.FromUserName}`);
    return AllowListGuard.allowed.has(message.FromUserName);
  }
}

class ThrowingGuard implements CanActivate {
  canActivate(): boolean {
    throw new ForbiddenException('not you');
  }
}

/** A catch-all filter that only watches: returning nothing leaves every exception unhandled. */
@Catch()
class WatchingFilter implements ExceptionFilter {
  catch(exception: unknown): void {
    seen.push(`filter-saw:${(exception as Error).constructor.name}`);
  }
}

@Injectable()
class GuardedHandlers {
  @OnWeComMessage('text', { app: 'guards' })
  @UseGuards(AllowListGuard)
  @UseFilters(WatchingFilter)
  vipText(message: TextMessage) {
    seen.push(`vip:${message.FromUserName}`);
    return 'vip reply';
  }

  @OnWeComMessage(undefined, { app: 'guards' })
  anyMessage() {
    seen.push('catch-all');
    return 'catch-all reply';
  }

  @OnWeComEvent('click', undefined, { app: 'guards' })
  @UseGuards(AllowListGuard)
  onlyForVips() {
    seen.push('click-handler');
    return 'clicked';
  }

  @OnWeComEvent('view', undefined, { app: 'guards' })
  @UseGuards(ThrowingGuard)
  guardThrows() {
    seen.push('view-handler');
  }
}

@Injectable()
@UseGuards(AllowListGuard)
class ClassGuardedHandlers {
  @OnWeComMessage('image', { app: 'guards' })
  onImage() {
    seen.push('image-handler');
    return 'image seen';
  }
}

// ---- interceptors -------------------------------------------------------------------------------

const timings: number[] = [];

@Injectable()
class TimingInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const started = performance.now();
    return next.handle().pipe(
      map((reply: unknown) => {
        const elapsed = performance.now() - started;
        timings.push(elapsed);
        return typeof reply === 'string' ? `${reply} (in ${Math.round(elapsed)} ms)` : reply;
      }),
    );
  }
}

/** Global: sees every handler of every context, and tells WeCom callbacks apart by getType(). */
@Injectable()
class ContextTypeRecorder implements NestInterceptor {
  constructor(private readonly label: string) {}
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() === 'wecom') {
      const host = WeComExecutionContext.create(context);
      seen.push(`${this.label}:wecom:${host.getApp()}:${host.getPayload<{ MsgType: string }>().MsgType}:${context.getClass().name}.${context.getHandler().name}`);
    } else {
      seen.push(`${this.label}:${context.getType()}`);
    }
    return next.handle();
  }
}

@Injectable()
class ProvidedRecorder extends ContextTypeRecorder {
  constructor() {
    super('provided');
  }
}

@Injectable()
class InterceptedHandlers {
  @OnWeComMessage('text', { app: 'interceptors' })
  @UseInterceptors(TimingInterceptor)
  async slowEcho(message: TextMessage) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    return `echo: ${message.Content}`;
  }

  @OnWeComEvent('click', undefined, { app: 'interceptors' })
  @UseInterceptors(TimingInterceptor)
  replaceWithNews() {
    return WeComReply.text('left alone: not a string');
  }
}

@Controller('ping')
class PingController {
  @Get()
  ping() {
    return 'pong';
  }
}

// ---- pipes --------------------------------------------------------------------------------------

const pipeCalls: ArgumentMetadata[] = [];

class TrimPipe implements PipeTransform<unknown> {
  transform(value: unknown, metadata: ArgumentMetadata) {
    pipeCalls.push(metadata);
    return typeof value === 'string' ? value.trim() : value;
  }
}

class UpperCasePipe implements PipeTransform<unknown> {
  transform(value: unknown) {
    return typeof value === 'string' ? value.toUpperCase() : value;
  }
}

@Injectable()
class PipedHandlers {
  @OnWeComMessage('text', { app: 'pipes' })
  trimmed(@WeComPayload('Content', TrimPipe) content: string) {
    return `[${content}]`;
  }

  @OnWeComEvent('click', undefined, { app: 'pipes' })
  @UsePipes(UpperCasePipe)
  shouted(@WeComPayload('EventKey') key: string) {
    return `key ${key}`;
  }
}

// ---- filters ------------------------------------------------------------------------------------

class OrderNotFound extends Error {
  constructor(readonly orderId: string) {
    super(`order ${orderId} not found`);
  }
}

@Catch(OrderNotFound)
class OrderNotFoundFilter implements ExceptionFilter {
  catch(error: OrderNotFound, host: ArgumentsHost) {
    const wecom = WeComArgumentsHost.create(host);
    seen.push(`filter:${host.getType()}:${wecom.getApp()}`);
    return `sorry ${wecom.getPayload<TextMessage>().FromUserName}, ${error.message}`;
  }
}

@Injectable()
@UseFilters(OrderNotFoundFilter)
class FilteredHandlers {
  @OnWeComMessage('text', { app: 'filters' })
  lookUp(message: TextMessage) {
    if (message.Content?.startsWith('order ')) throw new OrderNotFound(message.Content.slice(6));
    throw new Error('database down');
  }

  @OnWeComEvent('click', undefined, { app: 'filters' })
  async asyncFailure() {
    await Promise.resolve();
    throw new OrderNotFound('A-7');
  }
}

// ---- parameter decorators -----------------------------------------------------------------------

/** A team's own decorator, written with Nest's createParamDecorator, works in WeCom handlers too. */
const Sender = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  WeComExecutionContext.create(context).getPayload<TextMessage>().FromUserName,
);

const captured: unknown[][] = [];

@Injectable()
class ParamHandlers {
  @OnWeComMessage('text', { app: 'params' })
  decorated(
    @WeComPayload() payload: TextMessage,
    @WeComPayload('MsgId') msgId: string,
    @WeComCtx() ctx: WeComContext,
    @WeComApp() app: string,
    @Sender() sender: string,
  ) {
    captured.push([payload, msgId, ctx, app, sender]);
  }

  @OnWeComMessage('image', { app: 'params' })
  plain(...args: unknown[]) {
    captured.push(args);
  }
}

// -------------------------------------------------------------------------------------------------

describe('WeCom handlers are Nest handlers (real HTTP)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        WeComModule.forRoot({
          apps: APPS.map((name) => ({ name, path: `/wecom/${name}`, corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey })),
        }),
      ],
      controllers: [PingController],
      providers: [
        GuardedHandlers,
        ClassGuardedHandlers,
        InterceptedHandlers,
        PipedHandlers,
        FilteredHandlers,
        ParamHandlers,
        AllowListGuard,
        { provide: APP_INTERCEPTOR, useClass: ProvidedRecorder },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalInterceptors(new ContextTypeRecorder('global'));
    await app.init();
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    seen.length = 0;
    timings.length = 0;
    pipeCalls.length = 0;
    captured.length = 0;
  });

  const post = (to: AppName, plaintext: string) => {
    const signed = signedPost(keys, plaintext);
    return request(app.getHttpServer()).post(`/wecom/${to}?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
  };
  const replyText = (envelope: string): string => {
    const opened = openReply(keys, envelope);
    expect(opened.signatureValid).toBe(true);
    return /<Content><!\[CDATA\[(.*)\]\]><\/Content>/s.exec(opened.plaintext)?.[1] ?? `(no text in ${opened.plaintext})`;
  };
  const wecomOnly = () => seen.filter((entry) => !entry.startsWith('global:') && !entry.startsWith('provided:'));

  describe('guards', () => {
    it('let an allowed FromUserName through: the guarded handler replies', async () => {
      const res = await post('guards', text('hello', 'zhangsan'));
      expect(res.status).toBe(200);
      expect(replyText(res.text)).toBe('vip reply');
      expect(wecomOnly()).toEqual(expect.arrayContaining(['guard:zhangsan', 'vip:zhangsan', 'catch-all']));
    });

    it('skip the handler on false, as if it had not matched: the catch-all reply is sent, no error', async () => {
      const res = await post('guards', text('hello', 'lisi'));
      expect(res.status).toBe(200);
      expect(replyText(res.text)).toBe('catch-all reply');
      expect(wecomOnly()).not.toContain('vip:lisi');
      // Filters see a denial as a ForbiddenException, as everywhere in Nest; this one returns nothing.
      expect(wecomOnly()).toContain('filter-saw:WeComGuardDenial');
    });

    it('skip the only matching handler: an empty 200, no handler runs', async () => {
      const res = await post('guards', xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'lisi', CreateTime: '1', MsgType: 'event', Event: 'click', EventKey: 'k' }));
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect(wecomOnly()).toEqual(['guard:lisi']);
    });

    it('apply at class level', async () => {
      const allowed = await post('guards', image('zhangsan'));
      expect(replyText(allowed.text)).toBe('image seen');
      seen.length = 0;
      const denied = await post('guards', image('lisi'));
      expect(denied.status).toBe(200);
      expect(replyText(denied.text)).toBe('catch-all reply');
      expect(wecomOnly()).not.toContain('image-handler');
    });

    it('that throw fail the callback with 500 (a thrown ForbiddenException is an error, not a skip)', async () => {
      const res = await post('guards', xml({ ToUserName: OFFICIAL.corpId, FromUserName: 'zhangsan', CreateTime: '1', MsgType: 'event', Event: 'view', EventKey: 'https://x' }));
      expect(res.status).toBe(500);
      expect(res.body.errcode).toBe(500);
      expect(wecomOnly()).not.toContain('view-handler');
    });
  });

  describe('interceptors', () => {
    it('time the handler and change its reply', async () => {
      const res = await post('interceptors', text('hi'));
      expect(res.status).toBe(200);
      expect(replyText(res.text)).toMatch(/^echo: hi \(in \d+ ms\)$/);
      expect(timings).toHaveLength(1);
      // The handler waits 25 ms, so a measurement around it cannot be shorter (minus timer rounding).
      expect(timings[0]).toBeGreaterThanOrEqual(20);
    });

    it('see non-string replies too and may leave them alone', async () => {
      const res = await post('interceptors', click('k'));
      expect(replyText(res.text)).toBe('left alone: not a string');
      expect(timings).toHaveLength(1);
    });

    it('global ones (useGlobalInterceptors and APP_INTERCEPTOR) see WeCom callbacks with getType() === "wecom"', async () => {
      await post('interceptors', text('hi'));
      expect(seen).toContain('global:wecom:interceptors:text:InterceptedHandlers.slowEcho');
      expect(seen).toContain('provided:wecom:interceptors:text:InterceptedHandlers.slowEcho');
      seen.length = 0;
      const pong = await request(app.getHttpServer()).get('/ping');
      expect(pong.text).toBe('pong');
      expect(seen).toEqual(expect.arrayContaining(['global:http', 'provided:http']));
    });
  });

  describe('pipes', () => {
    it('transform a field picked by @WeComPayload(field, Pipe)', async () => {
      const res = await post('pipes', text('   padded   '));
      expect(replyText(res.text)).toBe('[padded]');
      expect(pipeCalls).toHaveLength(1);
      expect(pipeCalls[0]).toMatchObject({ data: 'Content', metatype: String });
    });

    it('bound with @UsePipes apply to every decorated parameter', async () => {
      const res = await post('pipes', click('menu_1'));
      expect(replyText(res.text)).toBe('key MENU_1');
    });
  });

  describe('exception filters', () => {
    it('turn a thrown error into a text reply, with a WeCom-aware ArgumentsHost', async () => {
      const res = await post('filters', text('order A-42', 'wangwu'));
      expect(res.status).toBe(200);
      expect(replyText(res.text)).toBe('sorry wangwu, order A-42 not found');
      expect(seen).toContain('filter:wecom:filters');
    });

    it('catch errors of async handlers', async () => {
      const res = await post('filters', click('k'));
      expect(replyText(res.text)).toBe('sorry zhangsan, order A-7 not found');
    });

    it('leave other errors unhandled: 500, so that WeCom retries', async () => {
      const res = await post('filters', text('anything else'));
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ errcode: 500, errmsg: expect.stringMatching(/retry/) });
      expect(res.text).not.toMatch(/database down/);
    });
  });

  describe('parameter decorators', () => {
    it('@WeComPayload(), @WeComPayload(field), @WeComCtx(), @WeComApp() and createParamDecorator ones', async () => {
      const res = await post('params', text('hi', 'zhaoliu'));
      expect(res.status).toBe(200);
      expect(captured).toHaveLength(1);
      const [payload, msgId, ctx, appName, sender] = captured[0];
      expect(payload).toMatchObject({ MsgType: 'text', Content: 'hi', FromUserName: 'zhaoliu' });
      expect(msgId).toBe((payload as Record<string, string>).MsgId);
      expect(msgId).toMatch(/^\d{19}$/); // a 64-bit id, above 2^53, kept exact
      expect(ctx).toMatchObject({ app: 'params', corpId: OFFICIAL.corpId, receiveId: OFFICIAL.corpId });
      expect((ctx as WeComContext).rawXml).toContain('<Content><![CDATA[hi]]></Content>');
      expect(appName).toBe('params');
      expect(sender).toBe('zhaoliu');
    });

    it('without any, a handler still gets (payload, ctx)', async () => {
      await post('params', image('zhaoliu'));
      expect(captured).toHaveLength(1);
      expect(captured[0]).toHaveLength(2);
      expect(captured[0][0]).toMatchObject({ MsgType: 'image', MediaId: 'm1' });
      expect(captured[0][1]).toMatchObject({ app: 'params' });
    });
  });

  describe('helpers outside a WeCom context', () => {
    it('WeComExecutionContext.create refuses an HTTP context with a clear message', () => {
      const http = { getType: () => 'http' } as unknown as ExecutionContext;
      expect(() => WeComExecutionContext.create(http)).toThrow(/expected a WeCom callback context, got a 'http' one/);
      expect(() => WeComArgumentsHost.create(http)).toThrow(/check host.getType\(\) === 'wecom'/);
    });
  });
});

describe('request scope', () => {
  const single = { corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey };
  const boot = async (providers: Provider[]) => {
    const moduleRef = await Test.createTestingModule({ imports: [WeComModule.forRoot(single)], providers }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    return { app, init: app.init() };
  };

  @Injectable({ scope: Scope.REQUEST })
  class PerRequest {
    @OnWeComMessage('text')
    onText() {}
  }

  @Injectable({ scope: Scope.REQUEST })
  class PerRequestGuard implements CanActivate {
    canActivate() {
      return true;
    }
  }

  @Injectable()
  class WithPerRequestGuard {
    @OnWeComMessage('text')
    @UseGuards(PerRequestGuard)
    onText() {}
  }

  it('a request-scoped handler is refused at boot with a message naming it and the fix', async () => {
    const { app, init } = await boot([PerRequest]);
    try {
      await expect(init).rejects.toBeInstanceOf(WeComConfigError);
      await expect(init).rejects.toThrow(/PerRequest\.onText is request-scoped.*make the class a singleton/);
    } finally {
      await app.close();
    }
  });

  it('so is a handler with a request-scoped guard', async () => {
    const { app, init } = await boot([WithPerRequestGuard, PerRequestGuard]);
    try {
      await expect(init).rejects.toThrow(/WithPerRequestGuard\.onText is request-scoped .*request-scoped guard/);
    } finally {
      await app.close();
    }
  });

  it('a request-scoped global interceptor does not apply to WeCom handlers', async () => {
    const ran: string[] = [];
    @Injectable({ scope: Scope.REQUEST })
    class PerRequestInterceptor implements NestInterceptor {
      intercept(_context: ExecutionContext, next: CallHandler) {
        ran.push('interceptor');
        return next.handle();
      }
    }
    @Injectable()
    class Plain {
      @OnWeComMessage('text')
      onText() {
        ran.push('handler');
      }
    }
    const { app, init } = await boot([Plain, { provide: APP_INTERCEPTOR, useClass: PerRequestInterceptor }]);
    try {
      await init;
      const signed = signedPost(keys, text('hi'));
      const res = await request(app.getHttpServer()).post(`/wecom/callback?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
      expect(res.status).toBe(200);
      expect(ran).toEqual(['handler']);
    } finally {
      await app.close();
    }
  });
});
