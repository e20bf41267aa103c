import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveApiOptions } from '../../src/api/resolve-api-options.js';
import type { FakeWeComApi } from '../support/fake-wecom-api.js';
import { LoopbackProxy } from '../support/loopback-proxy.js';
import { FAKE_CORP_ID, FAKE_SECRET, captureNestLogs, runtimeFor, startFakeApi } from '../support/api-fixtures.js';

describe('api.proxy: every call goes through the outbound proxy (undici ProxyAgent)', () => {
  let fake: FakeWeComApi;
  let proxy: LoopbackProxy;
  captureNestLogs(() => fake);

  beforeAll(async () => {
    [fake, proxy] = await Promise.all([startFakeApi(), new LoopbackProxy().start()]);
    fake.users.set('wangwu', { name: '王五' });
  });
  afterAll(async () => {
    await proxy?.stop();
    await fake?.stop();
  });

  it('sends gettoken, JSON calls, multipart uploads and downloads through the proxy', async () => {
    const runtime = runtimeFor(fake, { proxy: proxy.url });
    try {
      const client = runtime.appClient({ name: 'default', corpId: FAKE_CORP_ID, agentId: '1000002', secret: FAKE_SECRET });
      await expect(client.user.get('wangwu')).resolves.toMatchObject({ name: '王五' });
      const uploaded = await client.media.upload('image', Buffer.from('not really a png, but bytes'), 'a.png');
      expect(fake.media.get(uploaded.media_id)?.data.toString()).toBe('not really a png, but bytes');
      expect((await (await client.media.download(uploaded.media_id)).buffer()).toString()).toBe('not really a png, but bytes');
      expect(proxy.tunnels + proxy.forwarded).toBeGreaterThan(0);
      expect(new Set(proxy.targets)).toEqual(new Set([new URL(fake.url).host]));
    } finally {
      await runtime.close();
    }
  });

  it('is validated at boot', () => {
    expect(() => resolveApiOptions({ proxy: 'socks://nope' })).toThrow(/option "api.proxy" must be a proxy URL/);
    expect(() => resolveApiOptions({ baseUrl: 'qyapi.weixin.qq.com' })).toThrow(/option "api.baseUrl" must be an http\(s\) URL/);
    expect(() => resolveApiOptions({ timeoutMs: 5 })).toThrow(/option "api.timeoutMs"/);
    expect(() => resolveApiOptions({ tokenStore: {} as never })).toThrow(/option "api.tokenStore" must be a token store/);
    expect(() => resolveApiOptions({ refreshAheadSeconds: -1 })).toThrow(/option "api.refreshAheadSeconds"/);
  });
});
