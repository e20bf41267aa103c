import { Injectable, type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { OnWeComEvent, OnWeComMessage, WeComModule, WeComReply, type WeComContext, type WeComModuleOptions } from '../../../src/index.js';
import type { CapturingLogger } from '../../support/capturing-logger.js';
import { OFFICIAL } from '../../support/official-keys.js';
import { signedPost } from '../../support/oracle-client.js';
import { officialKeys } from '../../support/delivery-handlers.js';

export { textXml } from '../../support/delivery-handlers.js';

/**
 * Durable text handlers and an inline click handler. Content decides what a durable run does:
 * `fail-N` fails its first N attempts, `always-fail` fails until `healed`, `reply` returns a text reply,
 * `card-reply` a reply with no active-API equivalent; anything else succeeds. Every run is recorded with its payload and context.
 */
@Injectable()
export class DurableHandlers {
  readonly runs: Array<{ msgId: string; content: string; ctx: WeComContext }> = [];
  readonly inline: string[] = [];
  healed = false;

  runsOf(msgId: string): number {
    return this.runs.filter((run) => run.msgId === msgId).length;
  }

  @OnWeComMessage('text', { durable: true })
  async onText(message: { MsgId: string; Content: string }, ctx: WeComContext) {
    const msgId = String(message.MsgId);
    this.runs.push({ msgId, content: message.Content, ctx });
    const failFirst = /^fail-(\d+)$/.exec(message.Content);
    if (failFirst && this.runsOf(msgId) <= Number(failFirst[1])) throw new Error(`attempt ${this.runsOf(msgId)} fails`);
    if (message.Content === 'always-fail' && !this.healed) throw new Error('still broken');
    if (message.Content === 'reply') return `durable reply to ${msgId}`;
    if (message.Content === 'card-reply') return WeComReply.updateTemplateCard({ CardType: 'text_notice' });
    return undefined;
  }

  @OnWeComMessage('text')
  inlineText(message: { MsgId: string }) {
    this.inline.push(String(message.MsgId));
    return undefined;
  }

  @OnWeComEvent('click')
  onClick(event: { EventKey: string }) {
    return `clicked ${event.EventKey}`;
  }
}

export const clickXml = (key: string, createTime = String(Math.floor(Date.now() / 1000))) =>
  `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event><EventKey><![CDATA[${key}]]></EventKey><AgentID>1000002</AgentID></xml>`;

/** Fast retries and short locks, so specs finish in seconds. */
export const fastDurable = (url: string, extra: Partial<NonNullable<WeComModuleOptions['durable']>> = {}): NonNullable<WeComModuleOptions['durable']> => ({
  url,
  attempts: 3,
  backoff: { type: 'fixed', delayMs: 50 },
  lockDurationMs: 2000,
  stalledIntervalMs: 1000,
  ...extra,
});

/**
 * A secret, so that boot accepts durable handlers on the app (a worker sends their replies with the
 * active API), and an API base URL on a closed loopback port, so that nothing ever leaves the machine.
 * Specs that send replies give the fake WeCom API's URL instead.
 */
export const DURABLE_SPEC_API = { secret: 'durable-spec-secret-not-a-real-one', api: { baseUrl: 'http://127.0.0.1:9' } } as const;

/** A real Nest app on the official keys (with DURABLE_SPEC_API) with `extra` options and the given providers, initialised. */
export async function createDurableApp(
  extra: Partial<WeComModuleOptions>,
  metadata: ModuleMetadata = { providers: [DurableHandlers] },
  logger: CapturingLogger | false = false,
  customize: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<INestApplication> {
  const options = { corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, ...DURABLE_SPEC_API, ...extra } as WeComModuleOptions;
  const builder = Test.createTestingModule({ ...metadata, imports: [WeComModule.forRoot(options), ...(metadata.imports ?? [])] });
  const moduleRef = await customize(builder).compile();
  const app = moduleRef.createNestApplication({ logger });
  await app.init();
  return app;
}

export function post(app: INestApplication, plaintext: string, path = '/wecom/callback') {
  const signed = signedPost(officialKeys, plaintext);
  return request(app.getHttpServer()).post(`${path}?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
}

/** Polls `condition` every 10 ms for up to `ms` (bounded; real Redis and workers take their time). */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up after ${ms} ms waiting for ${what}`);
}

let ids = 7_100_000_000_000_000_000n;
export const newMsgId = () => String(ids++);
