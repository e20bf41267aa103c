import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleAppModule } from '../../sample/app.module.js';
import { DEMO_SETTINGS } from '../../sample/demo-settings.js';
import { event, message, WeComTestClient, WeComTestClientError } from '../../src/testing/index.js';

/**
 * The sample app, tested the way the README tells users to test theirs: with nestjs-wecom/testing,
 * over real HTTP, with no knowledge of the module's internals.
 */
describe('the sample app, through nestjs-wecom/testing', () => {
  let app: INestApplication;
  let wecom: WeComTestClient;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SampleAppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    wecom = WeComTestClient.forApp(app);
  });
  afterAll(() => app.close());

  it('passes URL verification with the echo answered bare', async () => {
    const result = await wecom.verifyUrl();
    expect(result).toMatchObject({ status: 200, verified: true });
    expect(result.body).toBe(result.echo);
  });

  it('echoes a text message in an encrypted, verified passive reply', async () => {
    const result = await wecom.send(message.text('hello'));
    expect(result.status).toBe(200);
    expect(result.reply?.msgType).toBe('text');
    expect(result.reply?.payload).toMatchObject({
      Content: 'echo: hello',
      ToUserName: 'zhangsan',
      FromUserName: DEMO_SETTINGS.corpId,
    });
  });

  it('greets a member who opens the app (enter_agent)', async () => {
    const result = await wecom.send(event.enterAgent());
    expect(result.reply?.payload.Content).toBe('Welcome, zhangsan!');
  });

  it('takes a contact change with an empty 200 (no passive reply)', async () => {
    const result = await wecom.send(event.changeContact.createParty({ Id: '2', Name: '研发部' }));
    expect(result).toMatchObject({ status: 200, body: '' });
    expect(result.reply).toBeUndefined();
    expect(result.sent).toContain('<ChangeType><![CDATA[create_party]]></ChangeType>');
    expect(result.sent).toContain('<Name><![CDATA[研发部]]></Name>');
  });

  it('is refused with -40001 when the sender uses another token, and no reply is sent', async () => {
    const impostor = WeComTestClient.forApp(app, { credentials: { ...DEMO_SETTINGS, token: 'wrongToken' } });
    const result = await impostor.send(message.text('hello'));
    expect(result).toMatchObject({ status: 401, errcode: -40001 });
    expect(result.reply).toBeUndefined();
  });

  it('rejects a reply that does not verify: a client with another AES key cannot open it', async () => {
    // Same token (so the app accepts the signature), different key: the app refuses to decrypt (-40007 or -40008).
    const otherKey = WeComTestClient.forApp(app, { credentials: { ...DEMO_SETTINGS, encodingAESKey: 'a'.repeat(43) } });
    const result = await otherKey.send(message.text('hello'));
    expect(result.status).toBe(400);
    expect([-40007, -40008]).toContain(result.errcode);
  });

  it('names the missing app when the client is built for an app that does not exist', () => {
    expect(() => WeComTestClient.forApp(app, { app: 'hr' })).toThrow(WeComTestClientError);
    expect(() => WeComTestClient.forApp(app, { app: 'hr' })).toThrow('has no app "hr"; it has "default"');
  });
});
