import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnWeComMessage, WECOM_SPANS } from '../../src/index.js';
import { createDurableApp, eventually, fastDurable, newMsgId, post, textXml } from '../delivery/durable/durable-support.js';
import { startRedisServer, type RunningRedis } from '../support/redis-server.js';

const exporter = new InMemorySpanExporter();

@Injectable()
class TracedHandler {
  @OnWeComMessage('text', { durable: true })
  async onText(message: { Content: string }) {
    // The handler's own span is a child of the module's process span.
    await trace.getTracer('user-code').startActiveSpan('user.work', async (span) => span.end());
    if (message.Content === 'fail') throw new Error('secret-ish detail that must not reach a span');
  }
}

describe('OpenTelemetry spans with an SDK registered, across the durable queue', () => {
  let redis: RunningRedis;
  let app: INestApplication;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    redis = await startRedisServer();
    app = await createDurableApp({ durable: fastDurable(redis.url, { attempts: 1 }) }, { providers: [TracedHandler] });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const spansOf = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);

  it('links the worker\'s process span to the request\'s enqueue span, and the handler\'s spans to it', async () => {
    const msgId = newMsgId();
    expect((await post(app, textXml('traced', msgId))).status).toBe(200);
    const key = `default:msg:${msgId}`;
    await eventually(() => spansOf(WECOM_SPANS.process).some((s) => s.attributes['wecom.dedup_key'] === key), 'the process span');
    const enqueue = spansOf(WECOM_SPANS.enqueue).find((s) => s.attributes['wecom.dedup_key'] === key)!;
    const processed = spansOf(WECOM_SPANS.process).find((s) => s.attributes['wecom.dedup_key'] === key)!;
    expect(enqueue.kind).toBe(SpanKind.PRODUCER);
    expect(processed.kind).toBe(SpanKind.CONSUMER);
    expect(processed.spanContext().traceId).toBe(enqueue.spanContext().traceId);
    expect(processed.parentSpanContext?.spanId).toBe(enqueue.spanContext().spanId);
    expect(processed.attributes).toMatchObject({ 'wecom.app': 'default', 'wecom.kind': 'app', 'wecom.type': 'text', 'wecom.attempt': 1, 'wecom.job_id': `wecom-default%3Amsg%3A${msgId}` });
    const user = exporter.getFinishedSpans().find((s) => s.name === 'user.work' && s.parentSpanContext?.spanId === processed.spanContext().spanId);
    expect(user).toBeDefined();
    // Ids and names only: never the message's content.
    expect(JSON.stringify([enqueue.attributes, processed.attributes])).not.toContain('traced');
  });

  it('marks a failed attempt\'s span with the error\'s class, not its message', async () => {
    const msgId = newMsgId();
    await post(app, textXml('fail', msgId));
    const key = `default:msg:${msgId}`;
    await eventually(() => spansOf(WECOM_SPANS.process).some((s) => s.attributes['wecom.dedup_key'] === key), 'the failed span');
    const failed = spansOf(WECOM_SPANS.process).find((s) => s.attributes['wecom.dedup_key'] === key)!;
    expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'WeComHandlerError' });
    expect(failed.attributes['error.type']).toBe('WeComHandlerError');
    expect(JSON.stringify({ attributes: failed.attributes, status: failed.status, events: failed.events })).not.toContain('secret-ish');
  });
});
