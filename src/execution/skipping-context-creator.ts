import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { ExternalContextCreator } from '@nestjs/core';
import { isObservable, lastValueFrom } from 'rxjs';
import { WeComGuardDenial } from './guard-denial.js';

/**
 * Nest's ExternalContextCreator, except that a guard returning false throws WeComGuardDenial instead
 * of a plain ForbiddenException, so that the invoker can skip the handler rather than fail the
 * callback. It delegates everything else to Nest's instance (prototype delegation: no copy of its
 * internals) and only wraps the guards that `create()` hands to the public `createGuardsFn`. Should a
 * future Nest stop calling it, denials would surface as ForbiddenException and fail the callback
 * (fail closed, never a skipped guard); the e2e suite would show it.
 */
export function createSkippingContextCreator(nest: ExternalContextCreator): ExternalContextCreator {
  const creator: ExternalContextCreator = Object.create(nest);
  creator.createGuardsFn = (guards, instance, callback, contextType) =>
    nest.createGuardsFn(guards.map(denyWithSkip), instance, callback, contextType);
  return creator;
}

function denyWithSkip(guard: CanActivate): CanActivate {
  return {
    async canActivate(context: ExecutionContext): Promise<boolean> {
      const verdict = await guard.canActivate(context);
      if (isObservable(verdict) ? await lastValueFrom(verdict) : verdict) return true;
      throw new WeComGuardDenial();
    },
  };
}
