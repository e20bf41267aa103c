import { Injectable } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import { isObservable, lastValueFrom } from 'rxjs';
import type { WeComContext } from '../context/wecom-context.js';
import { WeComGuardDenial } from '../execution/guard-denial.js';
import { createSkippingContextCreator } from '../execution/skipping-context-creator.js';
import { WECOM_ARGS_METADATA } from '../execution/wecom-args-metadata.js';
import { WECOM_CONTEXT_TYPE } from '../execution/wecom-context-type.js';
import { WeComParamsFactory } from '../execution/wecom-params.factory.js';
import { HANDLER_SKIPPED, type HandlerSkipped } from './handler-skipped.js';

export type HandlerInvoker = (payload: Record<string, unknown>, ctx: WeComContext) => Promise<unknown | HandlerSkipped>;

/**
 * Builds, once at boot, the function that runs one handler method as a Nest handler of context type
 * 'wecom': guards, then interceptors, then pipes and parameter decorators, then the method, all inside
 * the exception filters (class, method and global ones), as nestjs-telegraf and @nestjs/graphql do.
 */
@Injectable()
export class HandlerInvokerFactory {
  private readonly contextCreator: ExternalContextCreator;
  private readonly paramsFactory = new WeComParamsFactory();

  constructor(externalContextCreator: ExternalContextCreator) {
    this.contextCreator = createSkippingContextCreator(externalContextCreator);
  }

  create(instance: object, methodName: string): HandlerInvoker {
    const method = (instance as Record<string, (...args: unknown[]) => unknown>)[methodName];
    const run = this.contextCreator.create(
      instance,
      method,
      methodName,
      WECOM_ARGS_METADATA,
      this.paramsFactory,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: true },
      WECOM_CONTEXT_TYPE,
    );
    return async (payload, ctx) => {
      try {
        const result = await run(payload, ctx);
        // A filter's result is returned as is, so an Observable from it is still to be unwrapped.
        return isObservable(result) ? await lastValueFrom(result) : result;
      } catch (error) {
        if (error instanceof WeComGuardDenial) return HANDLER_SKIPPED;
        throw error;
      }
    };
  }
}
