import { Injectable, type OnModuleInit } from '@nestjs/common';

/** The span names, documented in the README. */
export const WECOM_SPANS = {
  /** A durable callback written to the queue (kind PRODUCER), inside the request. */
  enqueue: 'wecom.durable.enqueue',
  /** One attempt of a durable job on a worker (kind CONSUMER); the handlers' own spans are its children. */
  process: 'wecom.durable.process',
} as const;

/** Attribute values, as OpenTelemetry accepts them. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** The part of a span the module uses. */
export interface WeComSpan {
  setAttribute(key: string, value: string | number | boolean): void;
  /** Records the error's class name and marks the span as failed (the message stays in the log). */
  fail(error: unknown): void;
}

/** What an optional OpenTelemetry span receives: the kind, and the trace context a job carried. */
export interface SpanStart {
  readonly kind: 'producer' | 'consumer' | 'internal';
  readonly attributes: SpanAttributes;
  /** W3C trace context (`traceparent`, …) injected by the producer, so the worker's span continues the request's trace. */
  readonly parent?: Record<string, string>;
}

/**
 * The few members of `@opentelemetry/api` used here, declared structurally so that the package never
 * needs it at build time or at runtime.
 */
interface OtelApi {
  trace: { getTracer(name: string, version?: string): OtelTracer; setSpan(context: unknown, span: unknown): unknown };
  context: { active(): unknown; with<T>(context: unknown, fn: () => T): T };
  propagation: { inject(context: unknown, carrier: Record<string, string>): void; extract(context: unknown, carrier: Record<string, string>): unknown };
  SpanKind: { INTERNAL: number; PRODUCER: number; CONSUMER: number };
  SpanStatusCode: { ERROR: number };
  ROOT_CONTEXT: unknown;
}
interface OtelTracer {
  startActiveSpan<T>(name: string, options: { kind: number; attributes: Record<string, unknown> }, context: unknown, fn: (span: OtelSpan) => T): T;
}
interface OtelSpan {
  setAttribute(key: string, value: unknown): void;
  setStatus(status: { code: number; message?: string }): void;
  recordException(exception: { name: string; message: string }): void;
  end(): void;
}

const NO_SPAN: WeComSpan = { setAttribute: () => undefined, fail: () => undefined };

/**
 * Optional OpenTelemetry spans through `@opentelemetry/api` only, an optional peer: loaded lazily at
 * boot; absent, every span is a plain call. Present without an SDK, the API's own no-op tracer answers.
 */
@Injectable()
export class WeComTracer implements OnModuleInit {
  private api: OtelApi | undefined;
  private tracer: OtelTracer | undefined;

  /** `specifier` exists for the test that proves the absent-package path. */
  async onModuleInit(specifier = '@opentelemetry/api'): Promise<void> {
    try {
      const loaded = (await import(specifier)) as OtelApi & { default?: OtelApi };
      this.api = loaded.trace ? loaded : loaded.default;
      this.tracer = this.api?.trace.getTracer('nestjs-wecom');
    } catch {
      this.api = undefined; // not installed: tracing stays off, at no cost
      this.tracer = undefined;
    }
  }

  /** Whether `@opentelemetry/api` was found (spans may still be no-ops without an SDK). */
  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** Runs `fn` inside a span named `name`, ended when `fn` settles; a rejection marks the span failed. */
  inSpan<T>(name: string, start: SpanStart, fn: (span: WeComSpan) => Promise<T>): Promise<T> {
    const { api, tracer } = this;
    if (!api || !tracer) return fn(NO_SPAN);
    const kind = start.kind === 'producer' ? api.SpanKind.PRODUCER : start.kind === 'consumer' ? api.SpanKind.CONSUMER : api.SpanKind.INTERNAL;
    const parent = start.parent ? api.propagation.extract(api.ROOT_CONTEXT, start.parent) : api.context.active();
    const attributes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(start.attributes)) if (value !== undefined) attributes[key] = value;
    return tracer.startActiveSpan(name, { kind, attributes }, parent, async (span) => {
      const wrapped: WeComSpan = {
        setAttribute: (key, value) => span.setAttribute(key, value),
        fail: (error) => {
          const errorName = error instanceof Error ? error.name : typeof error;
          span.setAttribute('error.type', errorName);
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorName });
        },
      };
      try {
        return await fn(wrapped);
      } catch (error) {
        wrapped.fail(error);
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** The active trace context as W3C headers, to carry across the queue; undefined without OpenTelemetry or a propagator. */
  injectContext(): Record<string, string> | undefined {
    if (!this.api) return undefined;
    const carrier: Record<string, string> = {};
    this.api.propagation.inject(this.api.context.active(), carrier);
    return Object.keys(carrier).length > 0 ? carrier : undefined;
  }
}
