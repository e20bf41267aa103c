import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiRuntime } from '../../src/api/api-runtime.js';
import type { FakeWeComApi } from '../support/fake-wecom-api.js';
import { FAKE_CORP_ID, FAKE_SECRET, captureNestLogs, runtimeFor, startFakeApi } from '../support/api-fixtures.js';

describe('media upload and ranged download', () => {
  let fake: FakeWeComApi;
  let runtime: ApiRuntime;
  captureNestLogs(() => fake);
  const client = () => runtime.appClient({ name: 'default', corpId: FAKE_CORP_ID, agentId: '1000002', secret: FAKE_SECRET });

  beforeEach(async () => {
    fake = await startFakeApi();
    runtime = runtimeFor(fake);
  });
  afterEach(async () => {
    await runtime.close();
    await fake.stop();
  });

  it('uploads multipart (field "media", with the filename) and downloads the same bytes in Range chunks', async () => {
    const data = randomBytes(100_000);
    const uploaded = await client().media.upload('file', data, '报告.pdf');
    expect(uploaded).toMatchObject({ errcode: 0, type: 'file', media_id: expect.any(String) });
    expect(fake.media.get(uploaded.media_id)?.filename).toBe('报告.pdf');

    const media = await client().media.download(uploaded.media_id, { chunkBytes: 30_000 });
    expect(media.size).toBe(100_000);
    expect(media.filename).toBe('报告.pdf');
    const received = await media.buffer();
    expect(received.equals(data)).toBe(true);
    const ranges = fake.callsTo('/cgi-bin/media/get').map((call) => call.headers.range);
    expect(ranges).toEqual(['bytes=0-29999', 'bytes=30000-59999', 'bytes=60000-89999', 'bytes=90000-99999']);
  });

  it('fetches the next chunk only when the reader asks for it', async () => {
    const data = randomBytes(64_000);
    fake.media.set('m1', { contentType: 'image/jpeg', data, filename: 'm1.jpg' });
    const media = await client().media.download('m1', { chunkBytes: 16_000 });
    expect(media.contentType).toBe('image/jpeg');
    const iterator = media.stream[Symbol.asyncIterator]();
    await iterator.next();
    expect(fake.callsTo('/cgi-bin/media/get').length).toBeLessThanOrEqual(2);
    media.stream.destroy();
  });

  it('refreshes the token in the middle of a download and goes on', async () => {
    const data = randomBytes(50_000);
    fake.media.set('m2', { contentType: 'video/mp4', data, filename: 'm2.mp4' });
    const c = client();
    const media = await c.media.download('m2', { chunkBytes: 20_000 });
    fake.revoke(await c.accessToken());
    expect((await media.buffer()).equals(data)).toBe(true);
    expect(fake.counts.gettoken).toBe(2);
  });

  it('turns a JSON answer into WeComApiError (40007 invalid media_id)', async () => {
    await expect(client().media.download('expired')).rejects.toMatchObject({ errcode: 40007, path: '/cgi-bin/media/get' });
  });

  it('refuses a chunk size WeCom would refuse (more than 20 MiB)', async () => {
    await expect(client().media.download('m', { chunkBytes: 21 * 1024 * 1024 })).rejects.toThrow(/20 MiB/);
  });
});
