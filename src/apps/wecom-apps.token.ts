/**
 * The injection token of the configured apps after validation (`readonly ResolvedApp[]`), built once
 * when Nest builds the module (config/wecom-config.providers.ts).
 */
export const WECOM_APPS = Symbol('WeComApps');
