import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiRuntime } from '../../src/api/api-runtime.js';
import { WeComApiError, WeComApiTransportError } from '../../src/errors/wecom-api.error.js';
import { CapturingLogger } from '../support/capturing-logger.js';
import type { FakeWeComApi } from '../support/fake-wecom-api.js';
import { FAKE_CORP_ID, FAKE_OTHER_SECRET, FAKE_SECRET, leaks, runtimeFor, startFakeApi } from '../support/api-fixtures.js';

describe('active API client: tokens against the fake WeCom API', () => {
  let fake: FakeWeComApi;
  let runtime: ApiRuntime;
  const logger = new CapturingLogger();
  const errors: string[] = [];
  const app = (secret = FAKE_SECRET, agentId = '1000002') => runtime.appClient({ name: 'default', corpId: FAKE_CORP_ID, agentId, secret });
  const capture = async <T>(promise: Promise<T>): Promise<unknown> => {
    try {
      await promise;
      return undefined;
    } catch (error) {
      errors.push(String(error), (error as Error).stack ?? '', JSON.stringify(error));
      return error;
    }
  };

  beforeAll(() => {
    Logger.overrideLogger(logger);
  });
  beforeEach(async () => {
    fake = await startFakeApi();
    fake.users.set('zhangsan', { name: '张三' });
    runtime = runtimeFor(fake);
  });
  afterEach(async () => {
    // No secret, ticket or token in any log line or error of any test.
    expect(leaks([...logger.lines.map((line) => line.message), ...errors], fake)).toEqual([]);
    await runtime.close();
    await fake.stop();
  });
  afterAll(() => {
    Logger.overrideLogger(new Logger());
  });

  it('makes one gettoken for 100 concurrent calls at a cold start', async () => {
    const client = app();
    const users = await Promise.all(Array.from({ length: 100 }, () => client.call<{ name: string }>('user/get', { query: { userid: 'zhangsan' } })));
    expect(users.every((user) => user.name === '张三')).toBe(true);
    expect(fake.counts.gettoken).toBe(1);
    expect(fake.callsTo('/cgi-bin/user/get')).toHaveLength(100);
  });

  it('keeps the tokens of two apps of one corp apart (scoped by app and secret)', async () => {
    const [first, second] = [app(FAKE_SECRET, '1000002'), app(FAKE_OTHER_SECRET, '1000003')];
    const tokens = await Promise.all([first.accessToken(), second.accessToken(), first.accessToken()]);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(tokens[2]).toBe(tokens[0]);
    expect(fake.counts.gettoken).toBe(2);
  });

  it('spends exactly one refresh and one retry on a token revoked early', async () => {
    const client = app();
    const token = await client.accessToken();
    fake.revoke(token);
    const before = fake.callsTo('/cgi-bin/user/get').length;
    await expect(client.user.get('zhangsan')).resolves.toMatchObject({ userid: 'zhangsan' });
    expect(fake.counts.gettoken).toBe(2);
    const calls = fake.callsTo('/cgi-bin/user/get').slice(before);
    expect(calls.map((call) => call.token === token)).toEqual([true, false]);
  });

  it('shares one refresh among concurrent calls that all hit the revoked token', async () => {
    const client = app();
    fake.revoke(await client.accessToken());
    await Promise.all(Array.from({ length: 50 }, () => client.user.get('zhangsan')));
    expect(fake.counts.gettoken).toBe(2);
    expect(fake.callsTo('/cgi-bin/user/get')).toHaveLength(100);
  });

  it('surfaces 60020 as WeComApiError with its hint, without a retry', async () => {
    const client = app();
    await client.accessToken();
    fake.failNext('/cgi-bin/message/send', { errcode: 60020, errmsg: 'not allow to access from your ip, hint: [123]' });
    const error = await capture(client.message.send({ touser: 'zhangsan', msgtype: 'text', text: { content: 'hi' } }));
    expect(error).toBeInstanceOf(WeComApiError);
    expect(error).toMatchObject({ errcode: 60020, path: '/cgi-bin/message/send', errmsg: 'not allow to access from your ip, hint: [123]' });
    expect((error as WeComApiError).hint).toMatch(/企业可信IP/);
    expect(fake.callsTo('/cgi-bin/message/send')).toHaveLength(1);
    expect(fake.counts.gettoken).toBe(1);
  });

  it.each([
    [45009, /rate limit/],
    [45033, /concurrent/],
    [48002, /无权限/],
    [81013, /可见范围/],
    [86001, /chatid/],
  ])('surfaces %i with its hint and does not retry', async (errcode, hint) => {
    const client = app();
    fake.failNext('/cgi-bin/message/send', { errcode });
    const error = (await capture(client.message.send({ touser: 'zhangsan', msgtype: 'text', text: { content: 'hi' } }))) as WeComApiError;
    expect(error).toMatchObject({ errcode });
    expect(error.hint).toMatch(hint);
    expect(fake.callsTo('/cgi-bin/message/send')).toHaveLength(1);
  });

  it('bounds forced refreshes with the cooldown when WeCom keeps refusing fresh tokens', async () => {
    const client = app();
    await client.accessToken();
    fake.failNext('/cgi-bin/user/get', { errcode: 40014, errmsg: 'invalid access_token' }, 20);
    const outcomes = [];
    for (let i = 0; i < 10; i++) outcomes.push(await capture(client.user.get('zhangsan')));
    expect(outcomes.every((error) => error instanceof WeComApiError && error.errcode === 40014)).toBe(true);
    // the cold fetch, and one forced refresh: the other nine failures fell in the cooldown
    expect(fake.counts.gettoken).toBe(2);
    expect((outcomes[9] as WeComApiError).hint).toMatch(/cooldown/);
  });

  it('reports a wrong secret on gettoken with a hint, without the secret, and does not hammer gettoken', async () => {
    const client = app('FAKESECRET-wrong-0123456789abcdefghijklmnop');
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => capture(client.user.get('zhangsan'))));
    for (const error of outcomes) {
      expect(error).toMatchObject({ errcode: 40001, path: '/cgi-bin/gettoken' });
      expect(String(error)).not.toContain('FAKESECRET-wrong');
    }
    expect((outcomes[0] as WeComApiError).hint).toMatch(/secret/);
    expect(fake.counts.gettoken).toBe(1);
    expect(fake.callsTo('/cgi-bin/user/get')).toHaveLength(0);
  });

  it('types a timeout, a 5xx and malformed JSON as WeComApiTransportError, without retrying them', async () => {
    await runtime.close();
    runtime = runtimeFor(fake, { timeoutMs: 500 }); // the hanging answer costs half a second
    const client = app();
    await client.accessToken();
    fake.failNext('/cgi-bin/message/send', 'timeout');
    fake.failNext('/cgi-bin/message/send', 'http-500');
    fake.failNext('/cgi-bin/message/send', 'malformed-json');
    const send = () => capture(client.message.send({ touser: 'zhangsan', msgtype: 'text', text: { content: 'hi' } }));
    const [timeout, status, malformed] = [await send(), await send(), await send()];
    expect(timeout).toBeInstanceOf(WeComApiTransportError);
    expect(timeout).toMatchObject({ failure: 'timeout', errcode: -1, path: '/cgi-bin/message/send' });
    expect(status).toMatchObject({ failure: 'http-status', status: 500 });
    expect(malformed).toMatchObject({ failure: 'malformed-response' });
    expect(fake.callsTo('/cgi-bin/message/send')).toHaveLength(3);
  });

  it('fills in the agentid on message.send and returns what WeCom answered', async () => {
    const result = await app().message.send({ touser: 'zhangsan', msgtype: 'template_card', template_card: { card_type: 'button_interaction' } });
    expect(result).toMatchObject({ errcode: 0, msgid: expect.any(String), response_code: expect.any(String) });
    expect(fake.callsTo('/cgi-bin/message/send')[0].body).toMatchObject({ agentid: 1000002, touser: 'zhangsan' });
    await app().message.updateTemplateCard({ response_code: result.response_code!, button: { replace_name: 'done' } });
    expect(fake.callsTo('/cgi-bin/message/update_template_card')[0].body).toMatchObject({ agentid: 1000002, response_code: result.response_code });
  });

  it('refuses message.send on an app without agentId, with a clear message', async () => {
    const client = runtime.appClient({ name: 'hr', corpId: FAKE_CORP_ID, secret: FAKE_SECRET });
    await expect(client.message.send({ touser: 'a', msgtype: 'text', text: { content: 'x' } })).rejects.toThrow(/app "hr" has no agentId/);
  });

  it('normalizes call paths and refuses a query in the path', async () => {
    const client = app();
    for (const path of ['user/get', 'cgi-bin/user/get', '/cgi-bin/user/get']) {
      await expect(client.call(path, { query: { userid: 'zhangsan' } })).resolves.toMatchObject({ name: '张三' });
    }
    await expect(client.call('user/get?userid=zhangsan')).rejects.toThrow(/options.query/);
    expect(new Set(fake.callsTo('/cgi-bin/user/get').map((call) => call.path))).toEqual(new Set(['/cgi-bin/user/get']));
  });

  it('refreshes ahead of expiry: a token due for refresh is replaced before WeCom would refuse it', async () => {
    fake.setTokenTtl(2);
    const client = app();
    const first = await client.accessToken();
    // refreshAt is half-way for a 2 s token; wait past it, not past the expiry
    await new Promise((resolve) => setTimeout(resolve, 1100));
    fake.setTokenTtl(7200);
    await client.user.get('zhangsan');
    expect(fake.counts.gettoken).toBe(2);
    const calls = fake.callsTo('/cgi-bin/user/get');
    expect(calls[calls.length - 1].token).toBe(first); // WeCom returns the same token within its lifetime
  });
});
