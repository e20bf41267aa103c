import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WeComAppRegistry } from './apps/wecom-app.registry.js';
import type { WeComModuleOptions } from './config/wecom-options.interface.js';
import { configurationProviders } from './config/wecom-config.providers.js';
import { WeComContextFactory } from './context/wecom-context.factory.js';
import { WeComCallbackExecutor } from './delivery/callback.executor.js';
import { AppFamily } from './families/app/app.family.js';
import { BotFamily } from './families/bot/bot.family.js';
import { WeComBotStreamRegistry } from './families/bot/bot-stream.registry.js';
import { CallbackFamilies } from './families/callback-families.js';
import { WeComCallbackEndpoints } from './families/callback-endpoints.js';
import { SuiteDataFamily } from './families/suite-data/suite-data.family.js';
import { MemorySuiteTicketStore } from './families/suite/memory-suite-ticket.store.js';
import { SUITE_TICKET_STORE } from './families/suite/suite-ticket.store.js';
import { SuiteFamily } from './families/suite/suite.family.js';
import { WeComSuiteTickets } from './families/suite/wecom-suite-tickets.service.js';
import { WeComCallbackProcessor } from './http/callback.processor.js';
import { WeComCallbackRegistrar } from './http/callback-route.registrar.js';
import { WeComCallbackDispatcher } from './routing/callback.dispatcher.js';
import { HandlerInvokerFactory } from './routing/handler-invoker.factory.js';
import { WeComHandlerMetadataAccessor } from './routing/handler-metadata.accessor.js';
import { WeComHandlerExplorer } from './routing/handler.explorer.js';
import { WeComConfigurableModule, WECOM_MODULE_OPTIONS } from './wecom.module-definition.js';
import { API_SETTINGS, resolveApiSettings } from './api/api-settings.js';
import { WECOM_CLIENT_RESOLVER } from './context/wecom-client-resolver.js';
import { SUITE_AUTHORISATION_HOOK } from './families/suite/suite-authorisation.hook.js';
import { WeComClients } from './flows/wecom-clients.service.js';
import { WeComSuiteAuthorisations } from './flows/suite/wecom-suite-authorisations.service.js';
import { WeComKfMessages } from './flows/kf/wecom-kf-messages.service.js';
import { WeComTracer } from './observability/wecom-tracer.js';
import { WeComHealthIndicator } from './health/wecom-health.indicator.js';
import { WeComDurableQueue } from './delivery/durable/wecom-durable.queue.js';
import { DURABLE_SETTINGS, type DurableSettings } from './delivery/durable/durable-settings.js';
import { resolveDurable } from './config/resolve-durable.js';
import { DurableHandlerExplorer } from './delivery/durable/durable-handler.explorer.js';
import { DurableJobRunner } from './delivery/durable/durable-job.runner.js';
import { DurableWorkersOrchestrator } from './delivery/durable/durable-workers.orchestrator.js';
import { WeComDurableCallbacks } from './delivery/durable/wecom-durable-callbacks.service.js';
import { DURABLE_REPLY_SENDER } from './delivery/durable/durable-reply.sender.js';
import { BOT_RESPONSE_URL_ORIGIN, WECOM_API_ORIGIN, WeComDurableReplies } from './delivery/durable/durable-replies.js';
import { WECOM_DURABLE_HANDOFF } from './delivery/durable-handoff.js';

/**
 * `WeComModule.forRoot({ corpId, token, encodingAESKey })` or `forRootAsync({ useFactory, inject })`:
 * owns the callback endpoint(s) and routes every callback to the decorated handlers found at boot.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    // The options, validated once into providers (config/).
    ...configurationProviders(WECOM_MODULE_OPTIONS),
    WeComAppRegistry,
    // The handlers (routing/).
    WeComHandlerMetadataAccessor,
    HandlerInvokerFactory,
    WeComHandlerExplorer,
    WeComCallbackDispatcher,
    // The families and each app's endpoint (families/).
    AppFamily,
    SuiteDataFamily,
    SuiteFamily,
    BotFamily,
    CallbackFamilies,
    WeComCallbackEndpoints,
    WeComContextFactory,
    WeComBotStreamRegistry,
    {
      provide: SUITE_TICKET_STORE,
      useFactory: (options: WeComModuleOptions) => options?.suiteTicketStore ?? new MemorySuiteTicketStore(),
      inject: [WECOM_MODULE_OPTIONS],
    },
    WeComSuiteTickets,
    // The active API (issue 12, api/ and flows/): clients and tokens, suite authorisations, the 微信客服 flow.
    {
      provide: API_SETTINGS,
      useFactory: (options: WeComModuleOptions) => resolveApiSettings(options),
      inject: [WECOM_MODULE_OPTIONS],
    },
    WeComClients,
    WeComSuiteAuthorisations,
    WeComKfMessages,
    { provide: WECOM_CLIENT_RESOLVER, useExisting: WeComClients },
    { provide: SUITE_AUTHORISATION_HOOK, useExisting: WeComSuiteAuthorisations },
    // Delivery (delivery/).
    WeComCallbackExecutor,
    // The request path (http/).
    WeComCallbackProcessor,
    WeComCallbackRegistrar,
    // Durable hand-off (BullMQ) and observability.
    WeComTracer,
    { provide: DURABLE_SETTINGS, useFactory: (options: WeComModuleOptions) => resolveDurable(options), inject: [WECOM_MODULE_OPTIONS] },
    WeComDurableQueue,
    // The executor's hand-off point (delivery/durable-handoff.ts) is the queue, when the module has one.
    {
      provide: WECOM_DURABLE_HANDOFF,
      useFactory: (settings: DurableSettings | undefined, queue: WeComDurableQueue) => (settings ? queue : undefined),
      inject: [DURABLE_SETTINGS, WeComDurableQueue],
    },
    DurableHandlerExplorer,
    DurableJobRunner,
    DurableWorkersOrchestrator,
    WeComDurableCallbacks,
    WeComHealthIndicator,
    { provide: BOT_RESPONSE_URL_ORIGIN, useValue: WECOM_API_ORIGIN },
    { provide: DURABLE_REPLY_SENDER, useClass: WeComDurableReplies },
  ],
  exports: [WeComAppRegistry, WeComSuiteTickets, WeComClients, WeComSuiteAuthorisations, WeComDurableCallbacks, WeComHealthIndicator],
})
export class WeComModule extends WeComConfigurableModule {}
