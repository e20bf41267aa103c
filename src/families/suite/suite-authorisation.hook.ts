import type { ResolvedApp } from '../../apps/resolved-app.js';

/**
 * Built-in work on a suite's authorisation callbacks before its handlers run (create_auth →
 * permanent code, cancel_auth → forget it). The module binds it to WeComSuiteAuthorisations (flows/),
 * which sits above families/.
 */
export interface SuiteAuthorisationHook {
  beforeHandlers(app: ResolvedApp, payload: Record<string, unknown>): Promise<void>;
}

export const SUITE_AUTHORISATION_HOOK = Symbol('WeComSuiteAuthorisationHook');
