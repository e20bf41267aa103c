import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiRuntime } from '../../src/api/api-runtime.js';
import type { WeComTokenRequest } from '../../src/api/tokens/token-sources.js';
import { WeComApiError } from '../../src/errors/wecom-api.error.js';
import type { FakeWeComApi } from '../support/fake-wecom-api.js';
import {
  FAKE_AUTH_CORP_ID,
  FAKE_CORP_ID,
  FAKE_PERMANENT_CODE,
  FAKE_PROVIDER_SECRET,
  FAKE_SUITE_ID,
  FAKE_SUITE_SECRET,
  FAKE_SUITE_TICKET,
  captureNestLogs,
  runtimeFor,
  startFakeApi,
} from '../support/api-fixtures.js';

describe('every kind of token, one provider', () => {
  let fake: FakeWeComApi;
  let runtime: ApiRuntime;
  let ticket: string | undefined;
  captureNestLogs(() => fake);
  const suiteApp = { name: 'suite', suiteId: FAKE_SUITE_ID, suiteSecret: FAKE_SUITE_SECRET };
  const suite = () => {
    const source = runtime.suiteSource(suiteApp, async () => ticket);
    return { source, client: runtime.suiteClient(suiteApp, source) };
  };

  beforeEach(async () => {
    fake = await startFakeApi();
    fake.users.set('lisi', { name: '李四' });
    runtime = runtimeFor(fake);
    ticket = FAKE_SUITE_TICKET;
  });
  afterEach(async () => {
    await runtime.close();
    await fake.stop();
  });

  it('gets a suite_access_token from the stored ticket and sends it as suite_access_token', async () => {
    const { client } = suite();
    await Promise.all(Array.from({ length: 20 }, () => client.call('service/get_permanent_code', { body: { auth_code: 'AUTHCODE-1' } })));
    expect(fake.counts.suiteToken).toBe(1);
    expect(fake.callsTo('/cgi-bin/service/get_suite_token')[0].body).toEqual({ suite_id: FAKE_SUITE_ID, suite_secret: FAKE_SUITE_SECRET, suite_ticket: FAKE_SUITE_TICKET });
    expect(fake.callsTo('/cgi-bin/service/get_permanent_code')[0].query.suite_access_token).toMatch(/^FAKETOKEN-suite-/);
  });

  it('answers 40085 with its hint while no suite_ticket has arrived', async () => {
    ticket = undefined;
    const error = await suite().client.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeComApiError);
    expect(error).toMatchObject({ errcode: 40085 });
    expect((error as WeComApiError).hint).toMatch(/every 10 minutes/);
    expect(fake.counts.suiteToken).toBe(0);
  });

  it('refreshes a suite token on 42009 and retries once', async () => {
    const { client } = suite();
    const token = await client.accessToken();
    fake.revoke(token); // the fake answers 42009 for a revoked suite token
    await client.call('service/get_permanent_code', { body: { auth_code: 'AUTHCODE-1' } });
    expect(fake.counts.suiteToken).toBe(2);
    expect(fake.callsTo('/cgi-bin/service/get_permanent_code').map((call) => call.token === token)).toEqual([true, false]);
  });

  it('gets an authorised corp token from its permanent code through the suite token, and fills in its agentid', async () => {
    const { client, source } = suite();
    const corp = runtime.authCorpClient(suiteApp, client, source, FAKE_AUTH_CORP_ID, async () => ({ permanentCode: FAKE_PERMANENT_CODE, agentId: '42' }));
    await Promise.all(Array.from({ length: 10 }, () => corp.user.get('lisi')));
    expect(fake.counts.corpToken).toBe(1);
    expect(fake.callsTo('/cgi-bin/service/get_corp_token')[0].body).toEqual({ auth_corpid: FAKE_AUTH_CORP_ID, permanent_code: FAKE_PERMANENT_CODE });
    await corp.message.send({ touser: 'lisi', msgtype: 'text', text: { content: 'hi' } });
    expect(fake.callsTo('/cgi-bin/message/send')[0].body).toMatchObject({ agentid: 42 });
  });

  it('says which corp has no permanent code', async () => {
    const { client, source } = suite();
    const corp = runtime.authCorpClient(suiteApp, client, source, 'wwnobody', async () => undefined);
    await expect(corp.user.get('lisi')).rejects.toMatchObject({ errcode: 40084, errmsg: expect.stringContaining('wwnobody') });
  });

  it('gets a provider_access_token', async () => {
    const provider = runtime.providerClient({ name: 'suite', corpId: FAKE_CORP_ID, providerSecret: FAKE_PROVIDER_SECRET });
    await provider.call('service/get_login_info', { body: { auth_code: 'x' } });
    expect(fake.counts.providerToken).toBe(1);
    expect(fake.callsTo('/cgi-bin/service/get_login_info')[0].query.provider_access_token).toMatch(/^FAKETOKEN-provider-/);
  });

  it('uses a custom token provider instead of WeCom, caching by expiresIn and telling it why on a refusal', async () => {
    const requests: WeComTokenRequest[] = [];
    const centralRuntime = runtimeFor(fake, {
      tokenProvider: async (request) => {
        requests.push(request);
        // a central service holding the real secret, here simply the fake's own gettoken
        const answer = await fetch(`${fake.url}/cgi-bin/gettoken?corpid=${request.corpId}&corpsecret=${encodeURIComponent('FAKESECRET-app-0123456789abcdefghijklmnopqrstu')}`).then((r) => r.json() as Promise<{ access_token: string; expires_in: number }>);
        return { accessToken: answer.access_token, expiresIn: answer.expires_in };
      },
    });
    try {
      const client = centralRuntime.appClient({ name: 'default', corpId: FAKE_CORP_ID, agentId: '1000002' });
      await Promise.all(Array.from({ length: 10 }, () => client.user.get('lisi')));
      expect(requests).toEqual([{ kind: 'corp', app: 'default', corpId: FAKE_CORP_ID, agentId: '1000002', reason: 'missing' }]);
      fake.revoke(await client.accessToken());
      await client.user.get('lisi');
      expect(requests.map((r) => r.reason)).toEqual(['missing', 'invalidated']);
    } finally {
      await centralRuntime.close();
    }
  });

  it('refuses an app without a secret with a clear message', () => {
    expect(() => runtime.appClient({ name: 'hr', corpId: FAKE_CORP_ID })).toThrow(/app "hr" has no secret/);
    expect(() => runtime.suiteSource({ name: 'suite', suiteId: FAKE_SUITE_ID }, async () => ticket)).toThrow(/app "suite" has no suiteSecret/);
  });
});
