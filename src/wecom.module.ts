import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WeComAppRegistry } from './config/wecom-app.registry.js';
import { WeComCallbackProcessor } from './http/callback.processor.js';
import { WeComCallbackRegistrar } from './http/callback-route.registrar.js';
import { WeComCallbackDispatcher } from './routing/callback.dispatcher.js';
import { WeComCallbackExecutor } from './delivery/callback.executor.js';
import { HandlerInvokerFactory } from './routing/handler-invoker.factory.js';
import { WeComHandlerMetadataAccessor } from './routing/handler-metadata.accessor.js';
import { WeComHandlerExplorer } from './routing/handler.explorer.js';
import { WeComRouter } from './routing/wecom-router.js';
import { WeComConfigurableModule, WECOM_MODULE_OPTIONS } from './wecom.module-definition.js';
import { BotJsonCodec } from './families/bot/bot-json.codec.js';
import { CallbackCodecs } from './families/callback-codecs.js';
import { SuiteCodec } from './families/suite/suite.codec.js';
import { XmlAppCodec } from './families/app/xml-app.codec.js';
import { WeComBotStreamRegistry } from './families/bot/bot-stream.registry.js';
import type { WeComModuleOptions } from './config/wecom-options.interface.js';
import { MemorySuiteTicketStore } from './families/suite/memory-suite-ticket.store.js';
import { SUITE_TICKET_STORE } from './families/suite/suite-ticket.store.js';
import { WeComSuiteTickets } from './families/suite/wecom-suite-tickets.service.js';
import { WeComTracer } from './observability/wecom-tracer.js';
import { WeComHealthIndicator } from './health/wecom-health.indicator.js';
import { WeComDurableQueue } from './delivery/durable/wecom-durable.queue.js';
import { DURABLE_SETTINGS } from './delivery/durable/durable-settings.js';
import { resolveDurable } from './config/resolve-durable.js';
import { DurableHandlerExplorer } from './delivery/durable/durable-handler.explorer.js';
import { DurableJobRunner } from './delivery/durable/durable-job.runner.js';
import { DurableWorkersOrchestrator } from './delivery/durable/durable-workers.orchestrator.js';
import { WeComDurableCallbacks } from './delivery/durable/wecom-durable-callbacks.service.js';
import { DURABLE_REPLY_SENDER } from './delivery/durable/durable-reply.sender.js';
import { BOT_RESPONSE_URL_ORIGIN, WECOM_API_ORIGIN, WeComDurableReplies } from './delivery/durable/durable-replies.js';

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
    XmlAppCodec,
    SuiteCodec,
    BotJsonCodec,
    CallbackCodecs,
    WeComBotStreamRegistry,
    {
      provide: SUITE_TICKET_STORE,
      useFactory: (options: WeComModuleOptions) => options?.suiteTicketStore ?? new MemorySuiteTicketStore(),
      inject: [WECOM_MODULE_OPTIONS],
    },
    WeComSuiteTickets,
    WeComCallbackProcessor,
    WeComCallbackRegistrar,
    // Durable hand-off (BullMQ) and observability.
    WeComTracer,
    { provide: DURABLE_SETTINGS, useFactory: (options: WeComModuleOptions) => resolveDurable(options), inject: [WECOM_MODULE_OPTIONS] },
    WeComDurableQueue,
    DurableHandlerExplorer,
    DurableJobRunner,
    DurableWorkersOrchestrator,
    WeComDurableCallbacks,
    WeComHealthIndicator,
    { provide: BOT_RESPONSE_URL_ORIGIN, useValue: WECOM_API_ORIGIN },
    { provide: DURABLE_REPLY_SENDER, useClass: WeComDurableReplies },
  ],
  exports: [WeComAppRegistry, WeComSuiteTickets, WeComDurableCallbacks, WeComHealthIndicator],
})
export class WeComModule extends WeComConfigurableModule {}
