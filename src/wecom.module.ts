import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WeComAppRegistry } from './config/wecom-app.registry.js';
import { WeComCallbackProcessor } from './http/callback.processor.js';
import { WeComCallbackRegistrar } from './http/callback-route.registrar.js';
import { WeComCallbackDispatcher } from './routing/callback.dispatcher.js';
import { WeComCallbackExecutor } from './pipeline/callback.executor.js';
import { HandlerInvokerFactory } from './routing/handler-invoker.factory.js';
import { WeComHandlerMetadataAccessor } from './routing/handler-metadata.accessor.js';
import { WeComHandlerExplorer } from './routing/handler.explorer.js';
import { WeComRouter } from './routing/wecom-router.js';
import { WeComConfigurableModule } from './wecom.module-definition.js';

/**
 * `WeComModule.forRoot({ corpId, token, encodingAESKey })` or `forRootAsync({ useFactory, inject })`:
 * owns the callback endpoint(s) and routes every callback to the decorated handlers found at boot.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    WeComAppRegistry,
    WeComHandlerMetadataAccessor,
    HandlerInvokerFactory,
    WeComHandlerExplorer,
    WeComRouter,
    WeComCallbackDispatcher,
    WeComCallbackExecutor,
    WeComCallbackProcessor,
    WeComCallbackRegistrar,
  ],
  exports: [WeComAppRegistry],
})
export class WeComModule extends WeComConfigurableModule {}
