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
import { API_SETTINGS, resolveApiSettings } from './api/api-settings.js';
import { WeComClients } from './flows/wecom-clients.service.js';
import { WeComSuiteAuthorisations } from './flows/suite/wecom-suite-authorisations.service.js';
import { WeComKfMessages } from './flows/kf/wecom-kf-messages.service.js';

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
    // The active API (issue 12): clients and tokens, suite authorisations, the 微信客服 flow.
    {
      provide: API_SETTINGS,
      useFactory: (options: WeComModuleOptions) => resolveApiSettings(options),
      inject: [WECOM_MODULE_OPTIONS],
    },
    WeComClients,
    WeComSuiteAuthorisations,
    WeComKfMessages,
    WeComCallbackProcessor,
    WeComCallbackRegistrar,
  ],
  exports: [WeComAppRegistry, WeComSuiteTickets, WeComClients, WeComSuiteAuthorisations],
})
export class WeComModule extends WeComConfigurableModule {}
