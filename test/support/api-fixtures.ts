import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, expect } from 'vitest';
import { ApiRuntime } from '../../src/api/api-runtime.js';
import { resolveApiOptions } from '../../src/api/resolve-api-options.js';
import type { WeComApiOptions } from '../../src/api/api-options.js';
import { CapturingLogger } from './capturing-logger.js';
import { FakeWeComApi, type FakeWeComOptions } from './fake-wecom-api.js';

/** Fake credentials; every spec that captures logs checks none of these ever shows up. */
export const FAKE_CORP_ID = 'wwfakecorp0001';
export const FAKE_SECRET = 'FAKESECRET-app-0123456789abcdefghijklmnopqrstu';
export const FAKE_OTHER_SECRET = 'FAKESECRET-other-0123456789abcdefghijklmnopq';
export const FAKE_SUITE_ID = 'wwfakesuite001';
export const FAKE_SUITE_SECRET = 'FAKESECRET-suite-0123456789abcdefghijklmnopq';
export const FAKE_SUITE_TICKET = 'FAKETICKET-0123456789abcdef';
export const FAKE_PROVIDER_SECRET = 'FAKESECRET-provider-0123456789abcdefghijklm';
export const FAKE_PERMANENT_CODE = 'FAKEPERMANENT-0123456789abcdef';
export const FAKE_AUTH_CORP_ID = 'wwauthcorp0001';

export const FAKE_SECRETS = [FAKE_SECRET, FAKE_OTHER_SECRET, FAKE_SUITE_SECRET, FAKE_SUITE_TICKET, FAKE_PROVIDER_SECRET, FAKE_PERMANENT_CODE];

export function standardFakeOptions(overrides: FakeWeComOptions = {}): FakeWeComOptions {
  return {
    apps: [
      { corpId: FAKE_CORP_ID, secret: FAKE_SECRET, agentId: 1000002 },
      // the corp of WeCom's official key set, for specs that also send signed callbacks
      { corpId: 'wx5823bf96d3bd56c7', secret: FAKE_SECRET, agentId: 1000002 },
      { corpId: FAKE_CORP_ID, secret: FAKE_OTHER_SECRET, agentId: 1000003 },
    ],
    suites: [{ suiteId: FAKE_SUITE_ID, secret: FAKE_SUITE_SECRET, ticket: FAKE_SUITE_TICKET }],
    provider: { corpId: FAKE_CORP_ID, secret: FAKE_PROVIDER_SECRET },
    authorisations: [{ authCode: 'AUTHCODE-1', suiteId: FAKE_SUITE_ID, authCorpId: FAKE_AUTH_CORP_ID, permanentCode: FAKE_PERMANENT_CODE, agentId: 42 }],
    ...overrides,
  };
}

export async function startFakeApi(overrides: FakeWeComOptions = {}): Promise<FakeWeComApi> {
  return new FakeWeComApi(standardFakeOptions(overrides)).start();
}

export function runtimeFor(fake: FakeWeComApi, api: WeComApiOptions = {}): ApiRuntime {
  return new ApiRuntime(resolveApiOptions({ baseUrl: fake.url, timeoutMs: 5000, ...api }));
}

/** Every line and message that must not carry a secret or a token. */
export function leaks(texts: readonly string[], fake: FakeWeComApi): string[] {
  const needles = [...FAKE_SECRETS, ...fake.issuedTokens];
  return texts.filter((text) => needles.some((needle) => text.includes(needle)));
}

/**
 * Sends Nest's static Logger (what the module logs outside an app) into a CapturingLogger for the
 * spec, and checks in afterAll that no line carries a fake secret or an issued token.
 */
export function captureNestLogs(fake: () => FakeWeComApi | undefined): CapturingLogger {
  const logger = new CapturingLogger();
  beforeAll(() => Logger.overrideLogger(logger));
  afterAll(() => {
    Logger.overrideLogger(new Logger());
    const api = fake();
    if (api) expect(leaks(logger.lines.map((line) => line.message), api)).toEqual([]);
  });
  return logger;
}
