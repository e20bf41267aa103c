import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { WeComTracer } from '../../src/observability/wecom-tracer.js';

describe('OpenTelemetry spans when @opentelemetry/api is absent, or present without an SDK', () => {
  it('absent: every span is a plain call, with no trace context to carry', async () => {
    const tracer = new WeComTracer();
    await tracer.onModuleInit('@opentelemetry/api-that-is-not-installed');
    expect(tracer.enabled).toBe(false);
    await expect(tracer.inSpan('wecom.durable.enqueue', { kind: 'producer', attributes: {} }, async (span) => (span.setAttribute('a', 1), 42))).resolves.toBe(42);
    await expect(tracer.inSpan('x', { kind: 'internal', attributes: {} }, async () => Promise.reject(new TypeError('boom')))).rejects.toThrow('boom');
    expect(tracer.injectContext()).toBeUndefined();
  });

  it('present without an SDK: the API\'s no-op tracer answers and nothing is propagated', async () => {
    const tracer = new WeComTracer();
    await tracer.onModuleInit();
    expect(tracer.enabled).toBe(true);
    await expect(tracer.inSpan('wecom.durable.process', { kind: 'consumer', attributes: { 'wecom.app': 'a', skipped: undefined } }, async () => 'ran')).resolves.toBe('ran');
    expect(tracer.injectContext()).toBeUndefined();
  });
});
