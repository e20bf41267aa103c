import { Injectable, type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { OnWeComEvent, OnWeComMessage, WeComModule, type WeComModuleOptions } from '../../src/index.js';
import type { CapturingLogger } from './capturing-logger.js';
import { OFFICIAL } from './official-keys.js';

/** A promise the spec resolves when it chooses: holds a handler mid-run without any timing. */
export class Gate {
  private release!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  open() {
    this.release();
  }
}

/** MsgIds whose `boom-once` already failed, shared by every replica in the process. */
const failedOnce = new Set<string>();

/**
 * Handlers that count their runs per callback. Content `boom-once` fails on its first run only (on any replica);
 * content `gated` waits for `gate`; everything else answers `echo: <Content>` after a tick.
 */
@Injectable()
export class CountingHandlers {
  readonly runs = new Map<string, number>();
  readonly entered: string[] = [];
  gate = new Gate();
  finished = 0;

  total(): number {
    let sum = 0;
    for (const count of this.runs.values()) sum += count;
    return sum;
  }

  @OnWeComMessage('text')
  async onText(payload: { Content: string; MsgId: string }) {
    this.count(`msg:${payload.MsgId}`);
    this.entered.push(payload.MsgId);
    if (payload.Content === 'boom-once' && !failedOnce.has(payload.MsgId)) {
      failedOnce.add(payload.MsgId);
      throw new Error('first run fails');
    }
    if (payload.Content === 'gated') await this.gate.opened;
    else await new Promise((resolve) => setImmediate(resolve));
    this.finished++;
    return `echo: ${payload.Content}`;
  }

  @OnWeComEvent('change_contact')
  onContact(payload: { UserID: string; CreateTime: string }) {
    this.count(`contact:${payload.UserID}@${payload.CreateTime}`);
  }

  private count(key: string): number {
    const count = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, count);
    return count;
  }
}

export const officialKeys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };

export const textXml = (content: string, msgId: string, from = 'zhangsan') =>
  `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;

export const contactEventXml = (userId: string, createTime = '1700000000') =>
  `<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[update_user]]></ChangeType><UserID><![CDATA[${userId}]]></UserID></xml>`;

/** A real Nest (Express) app with WeComModule on the official keys plus `extra` options, initialised. */
export async function createDeliveryApp(
  extra: Partial<WeComModuleOptions>,
  logger: CapturingLogger | false = false,
  metadata: ModuleMetadata = { providers: [CountingHandlers] },
): Promise<INestApplication> {
  const options = { corpId: OFFICIAL.corpId, token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, ...extra } as WeComModuleOptions;
  const moduleRef = await Test.createTestingModule({ ...metadata, imports: [WeComModule.forRoot(options)] }).compile();
  const app = moduleRef.createNestApplication({ logger });
  await app.init();
  return app;
}

/** Resolves once `condition` holds, checking after each turn of the event loop (bounded). */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}
