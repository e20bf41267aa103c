import type { ArgumentsHost } from '@nestjs/common';
import type { WeComContext } from '../context/wecom-context.js';
import { WECOM_CONTEXT_TYPE } from './wecom-context-type.js';
import { CONTEXT_ARG_INDEX, PAYLOAD_ARG_INDEX } from './wecom-handler-args.js';

/**
 * The payload and context of a WeCom callback, from an exception filter's `ArgumentsHost`
 * (`WeComArgumentsHost.create(host).getPayload()`), as GqlArgumentsHost does for GraphQL.
 * It wraps the host instead of extending Nest's internal ExecutionContextHost.
 */
export class WeComArgumentsHost implements ArgumentsHost {
  protected constructor(protected readonly host: ArgumentsHost) {}

  /** Throws if the host is not a WeCom callback: check `host.getType() === 'wecom'` first in global enhancers. */
  static create(host: ArgumentsHost): WeComArgumentsHost {
    assertWeComHost(host);
    return new WeComArgumentsHost(host);
  }

  /** The parsed callback, with WeCom's own field names (the handler's first argument). */
  getPayload<T = Record<string, unknown>>(): T {
    return this.host.getArgByIndex<T>(PAYLOAD_ARG_INDEX);
  }

  getContext(): WeComContext {
    return this.host.getArgByIndex<WeComContext>(CONTEXT_ARG_INDEX);
  }

  /** The name of the app the callback came to (`'default'` in the single-app form). */
  getApp(): string {
    return this.getContext().app;
  }

  getArgs<T extends Array<any> = any[]>(): T {
    return this.host.getArgs<T>();
  }

  getArgByIndex<T = any>(index: number): T {
    return this.host.getArgByIndex<T>(index);
  }

  switchToRpc(): ReturnType<ArgumentsHost['switchToRpc']> {
    return this.host.switchToRpc();
  }

  switchToHttp(): ReturnType<ArgumentsHost['switchToHttp']> {
    return this.host.switchToHttp();
  }

  switchToWs(): ReturnType<ArgumentsHost['switchToWs']> {
    return this.host.switchToWs();
  }

  getType<TContext extends string = string>(): TContext {
    return this.host.getType<TContext>();
  }
}

export function assertWeComHost(host: ArgumentsHost): void {
  const type = host.getType<string>();
  if (type !== WECOM_CONTEXT_TYPE) {
    throw new TypeError(`expected a WeCom callback context, got a '${type}' one; check host.getType() === 'wecom' first.`);
  }
}
