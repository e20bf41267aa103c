import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import type { ConfigProblems } from '../errors/config-problems.js';
import { HandlerInvokerFactory } from './handler-invoker.factory.js';
import { WeComHandlerMetadataAccessor } from './handler-metadata.accessor.js';
import type { RegisteredHandler } from './registered-handler.js';

/**
 * Finds every method decorated with @OnWeComMessage / @OnWeComEvent on any provider or controller of
 * any module, once at boot, so users register nothing by hand.
 */
@Injectable()
export class WeComHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly metadata: WeComHandlerMetadataAccessor,
    private readonly invokers: HandlerInvokerFactory,
  ) {}

  /** Every decorated method, bound to its instance; a method that cannot be a WeCom handler goes to `problems`. */
  explore(problems: ConfigProblems): RegisteredHandler[] {
    const handlers: RegisteredHandler[] = [];
    const wrappers: InstanceWrapper[] = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      const { instance } = wrapper;
      if (!instance || typeof instance !== 'object' || wrapper.isAlias) continue;
      const prototype = Object.getPrototypeOf(instance);
      if (!prototype) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const routes = this.metadata.getHandlerMetadata(prototype[methodName]);
        if (routes.length === 0) continue;
        const id = `${instance.constructor?.name ?? 'Anonymous'}.${methodName}`;
        if (!wrapper.isDependencyTreeStatic()) {
          problems.addGeneral(
            `${id} is request-scoped (or depends on a request-scoped provider, or has a request-scoped guard, interceptor, pipe or filter). ` +
              'WeCom callbacks run outside any HTTP request scope; make the class a singleton (the default scope).',
          );
          continue;
        }
        const invoke = this.invokers.create(instance, methodName);
        for (const metadata of routes) {
          handlers.push({ id, metadata, order: handlers.length, invoke });
        }
      }
    }
    return handlers;
  }
}
