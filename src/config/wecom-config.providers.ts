import type { InjectionToken, Provider } from '@nestjs/common';
import { WECOM_APPS } from '../apps/wecom-apps.token.js';
import { DELIVERY_SETTINGS } from '../delivery/delivery-settings.js';
import { BOT_STREAM_SETTINGS } from '../families/bot/bot-stream-settings.js';
import { resolveConfiguration, type WeComConfiguration } from './resolve-configuration.js';
import type { WeComModuleOptions } from './wecom-options.interface.js';

/** The validated configuration as a whole (internal; apps and delivery settings are derived from it). */
export const WECOM_CONFIGURATION = Symbol('WeComConfiguration');

/**
 * The options become providers once, when Nest builds the module, as @nestjs/bullmq resolves its
 * options: the configuration (validated in one pass, so that one error lists every problem), the
 * apps (`WECOM_APPS`, behind WeComAppRegistry) and the delivery settings (`DELIVERY_SETTINGS`, which
 * the executor injects). A bad option fails `Test.createTestingModule(…).compile()` and
 * `NestFactory.create`, before anything is mounted or listens.
 *
 * The options token comes in as a parameter so that config/ does not import the module definition
 * (which imports config/'s options type).
 */
export function configurationProviders(optionsToken: InjectionToken): Provider[] {
  return [
    { provide: WECOM_CONFIGURATION, useFactory: (options: WeComModuleOptions) => resolveConfiguration(options), inject: [optionsToken] },
    { provide: WECOM_APPS, useFactory: (configuration: WeComConfiguration) => configuration.apps, inject: [WECOM_CONFIGURATION] },
    { provide: DELIVERY_SETTINGS, useFactory: (configuration: WeComConfiguration) => configuration.delivery, inject: [WECOM_CONFIGURATION] },
    { provide: BOT_STREAM_SETTINGS, useFactory: (configuration: WeComConfiguration) => configuration.botStreams, inject: [WECOM_CONFIGURATION] },
  ];
}
