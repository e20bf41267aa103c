import type { ExecutionContext, Type } from '@nestjs/common';
import { assertWeComHost, WeComArgumentsHost } from './wecom-arguments-host.js';

/**
 * `WeComExecutionContext.create(context)` in a guard or interceptor gives the callback's payload,
 * context and app, as `GqlExecutionContext.create(context)` does for resolvers.
 */
export class WeComExecutionContext extends WeComArgumentsHost implements ExecutionContext {
  protected constructor(private readonly context: ExecutionContext) {
    super(context);
  }

  static override create(context: ExecutionContext): WeComExecutionContext {
    assertWeComHost(context);
    return new WeComExecutionContext(context);
  }

  getClass<T = any>(): Type<T> {
    return this.context.getClass<T>();
  }

  getHandler(): Function {
    return this.context.getHandler();
  }
}
