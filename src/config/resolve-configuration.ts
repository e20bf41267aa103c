import type { ResolvedApp } from '../apps/resolved-app.js';
import type { DeliverySettings } from '../delivery/delivery-settings.js';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_READ_TIMEOUT_MS,
  DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
} from '../wecom.constants.js';
import { ConfigProblems } from '../errors/config-problems.js';
import { resolveApps, type SharedAppSettings } from './resolve-apps.js';
import { collectBotStreams } from './resolve-bot-streams.js';
import { collectDelivery } from './resolve-delivery.js';
import type { BotStreamSettings } from '../families/bot/bot-stream-settings.js';
import type { WeComModuleOptions } from './wecom-options.interface.js';

/** The whole module configuration after validation: what the providers of wecom-config.providers.ts hand out. */
export interface WeComConfiguration {
  readonly apps: readonly ResolvedApp[];
  readonly delivery: DeliverySettings;
  /** AI-bot streams kept for WeCom's refresh polls, and where they are shared. */
  readonly botStreams: BotStreamSettings;
  /** Mount the callback routes behind `app.setGlobalPrefix()` (the `useGlobalPrefix` option). */
  readonly useGlobalPrefix: boolean;
}

/**
 * Validates the options once, when Nest builds the module, and reports every problem at once: one
 * WeComConfigError whose message lists each app's and each option's problem with where to fix it.
 */
export function resolveConfiguration(options: WeComModuleOptions | undefined): WeComConfiguration {
  const problems = new ConfigProblems();
  if (!options || typeof options !== 'object') {
    problems.addGeneral('no options given. Use WeComModule.forRoot({ corpId, token, encodingAESKey }), or forRootAsync({ useFactory }) returning them.');
    problems.report();
  }
  const shared = resolveSharedSettings(options!, problems);
  const apps = resolveApps(options!, shared, problems);
  const delivery = collectDelivery(options!, problems);
  const botStreams = collectBotStreams(options!, problems);
  const useGlobalPrefix = options!.useGlobalPrefix ?? false;
  if (typeof useGlobalPrefix !== 'boolean') problems.add(undefined, 'useGlobalPrefix', `must be true or false (got ${String(useGlobalPrefix)}).`);
  problems.report();
  return { apps, delivery: delivery!, botStreams: botStreams!, useGlobalPrefix };
}

function resolveSharedSettings(options: WeComModuleOptions, problems: ConfigProblems): SharedAppSettings {
  const fail = (option: string, problem: string) => problems.add(undefined, option, problem);
  const tolerance = options.timestampToleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS;
  if (tolerance !== false && !(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0)) {
    fail('timestampToleranceSeconds', `must be a positive number of seconds or false (got ${String(tolerance)}).`);
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES;
  if (!(Number.isInteger(bodyLimit) && bodyLimit >= 1024)) {
    fail('bodyLimit', `must be a whole number of bytes ≥ 1024 (got ${String(bodyLimit)}).`);
  }
  const bodyReadTimeoutMs = options.bodyReadTimeoutMs ?? DEFAULT_BODY_READ_TIMEOUT_MS;
  if (!(Number.isInteger(bodyReadTimeoutMs) && bodyReadTimeoutMs >= 100 && bodyReadTimeoutMs <= 300_000)) {
    fail(
      'bodyReadTimeoutMs',
      `must be a whole number of milliseconds from 100 to 300000 (got ${String(bodyReadTimeoutMs)}). WeCom gives up after 5000 ms; the default is ${DEFAULT_BODY_READ_TIMEOUT_MS}.`,
    );
  }
  return { timestampToleranceSeconds: tolerance, bodyLimit, bodyReadTimeoutMs };
}
