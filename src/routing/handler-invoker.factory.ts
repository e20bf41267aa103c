import { Injectable } from '@nestjs/common';
import type { WeComContext } from '../context/wecom-context.js';

export type HandlerInvoker = (payload: Record<string, unknown>, ctx: WeComContext) => Promise<unknown>;

/** Builds the function that calls one handler method with `(payload, ctx)`. */
@Injectable()
export class HandlerInvokerFactory {
  create(instance: object, methodName: string): HandlerInvoker {
    const method = (instance as Record<string, (...args: unknown[]) => unknown>)[methodName];
    return async (payload, ctx) => method.call(instance, payload, ctx);
  }
}
