import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OnWeComEvent, OnWeComMessage, WeComReply, type WeComContext } from '../../src/index.js';
import { APP_SAMPLES, valueAtPath, type CallbackSample } from '../fixtures/callback-samples.js';
import { createWeComApp, PLATFORMS } from '../support/create-app.js';
import { OFFICIAL } from '../support/official-keys.js';
import { openReply, signedPost } from '../support/oracle-client.js';

const keys = { token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey, receiveId: OFFICIAL.corpId };

/** A route label per sample: the handler that must receive it. */
const routeOf = (sample: CallbackSample): string =>
  sample.msgType === 'event' ? `event:${sample.event}${sample.changeType ? `/${sample.changeType}` : ''}` : `message:${sample.msgType}`;

/**
 * One handler per distinct route of the catalog, declared with the public decorators on a class built
 * here, so each sample must reach exactly its own handler (plus its Event-level handler for change
 * types) and nothing else.
 */
@Injectable()
class CatalogHandlers {
  calls: Array<{ route: string; payload: Record<string, unknown>; ctx: WeComContext }> = [];
}
const routes = [...new Set(APP_SAMPLES.map(routeOf))];
for (const route of routes) {
  const method = function (this: CatalogHandlers, payload: Record<string, unknown>, ctx: WeComContext) {
    this.calls.push({ route, payload, ctx });
    return route.endsWith('message:text') ? WeComReply.text(`handled ${route}`) : undefined;
  };
  Object.defineProperty(CatalogHandlers.prototype, route, { value: method, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(CatalogHandlers.prototype, route)!;
  const [kind, rest] = route.split(':');
  const [type, change] = rest.split('/');
  (kind === 'message' ? OnWeComMessage(type) : OnWeComEvent(type, change))(CatalogHandlers.prototype, route, descriptor);
}

describe.each(PLATFORMS)('the callback catalog over real HTTP on %s (PROTOCOL.md §4)', (platform) => {
  let app: INestApplication;
  let handlers: CatalogHandlers;

  beforeAll(async () => {
    app = await createWeComApp({ ...OFFICIAL }, { providers: [CatalogHandlers] }, platform);
    handlers = app.get(CatalogHandlers);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    handlers.calls = [];
  });

  it('covers at least 25 distinct message/event/change types', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  it.each(APP_SAMPLES.map((sample) => [sample.name, sample] as const))('%s', async (_name, sample) => {
    const signed = signedPost(keys, sample.xml);
    const res = await request(app.getHttpServer()).post(`/wecom/callback?${signed.query}`).type('text/xml').send(signed.body);
    expect(res.status).toBe(200);

    const expected = [routeOf(sample)];
    if (sample.changeType) expected.push(`event:${sample.event}`);
    const reached = handlers.calls.map((call) => call.route);
    // The Event-level route exists only if some sample has no ChangeType for that event.
    expect(reached).toContain(routeOf(sample));
    expect(reached.every((route) => expected.includes(route))).toBe(true);

    const { payload, ctx } = handlers.calls.find((call) => call.route === routeOf(sample))!;
    for (const [path, value] of Object.entries(sample.expect)) {
      expect(valueAtPath(payload, path), path).toEqual(value);
    }
    expect(ctx.rawXml).toBe(sample.xml);
    if (sample.msgType === 'text') {
      expect(openReply(keys, res.text).plaintext).toContain(`handled ${routeOf(sample)}`);
    } else {
      expect(res.text).toBe('');
    }
  });
});
