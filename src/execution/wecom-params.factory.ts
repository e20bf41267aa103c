import type { ParamsFactory } from '@nestjs/core';
import { WeComParamtype } from './wecom-paramtype.js';
import type { WeComHandlerArgs } from './wecom-handler-args.js';

/** Turns `@WeComPayload(field?)`, `@WeComCtx()` and `@WeComApp()` into values, for ExternalContextCreator. */
export class WeComParamsFactory implements ParamsFactory {
  exchangeKeyForValue(type: number, data: unknown, args: WeComHandlerArgs): unknown {
    const [payload, ctx] = args;
    switch (type as WeComParamtype) {
      case WeComParamtype.Payload:
        return typeof data === 'string' ? payload?.[data] : payload;
      case WeComParamtype.Context:
        return ctx;
      case WeComParamtype.App:
        return ctx?.app;
      default:
        return undefined;
    }
  }
}
