import type { INestApplication } from '@nestjs/common';
import { WeComAppRegistry } from '../apps/wecom-app.registry.js';
import type { ResolvedApp } from '../apps/resolved-app.js';
import { appEndpoint, fixedEndpoint } from './callback-endpoint.js';
import {
  DEFAULT_AGENT_ID,
  keysFromCredentials,
  WeComCallbackSender,
  type WeComTestClientOptions,
  type WeComTestCredentials,
} from './callback-sender.js';
import { WeComTestClientError } from '../errors/wecom-test-client.error.js';

/**
 * Sends callbacks to your app exactly as WeCom does and hands back the status and the decrypted,
 * verified reply: e2e tests of your own handlers in a few lines.
 *
 * ```ts fragment
 * const wecom = WeComTestClient.forApp(app);
 * const result = await wecom.send(message.text('hello'));
 * expect(result.reply?.payload.Content).toBe('echo: hello');
 * ```
 */
export class WeComTestClient extends WeComCallbackSender {
  /**
   * A client for a Nest app with WeComModule. Credentials and path come from the module's own
   * configuration (name the app when there are several); pass `credentials` to send as someone
   * else, e.g. with a wrong token to test the refusal.
   */
  static forApp(
    app: INestApplication,
    options: WeComTestClientOptions & { app?: string; credentials?: WeComTestCredentials; path?: string } = {},
  ): WeComTestClient {
    const { configured, registry } = configuredApp(app, options.app, 'xml');
    const keys = options.credentials
      ? keysFromCredentials(options.credentials, configured.agentId)
      : {
          crypto: configured.crypto,
          corpId: configured.corpId,
          receiveId: typeof configured.receiveId === 'string' ? configured.receiveId : configured.corpId,
          verifyReceiveId: typeof configured.verifyReceiveId === 'string' ? configured.verifyReceiveId : configured.corpId,
          agentId: configured.agentId ?? DEFAULT_AGENT_ID,
        };
    // The mounted path: behind the global prefix when the module's useGlobalPrefix is on.
    const path = options.path ?? registry.callbackPath(configured.name) ?? configured.path;
    return new WeComTestClient(appEndpoint(app, path), keys, options);
  }

  /**
   * A client for a running app at `url` (the full callback URL, or a base URL plus `path`).
   * Throws WeComTestClientError('invalid-url') at once for a URL that does not parse.
   */
  static forUrl(url: string, credentials: WeComTestCredentials & { path?: string }, options: WeComTestClientOptions = {}): WeComTestClient {
    return new WeComTestClient(fixedEndpoint(url, credentials.path), keysFromCredentials(credentials), options);
  }
}

/** Which clients talk to which kinds of app: XML callbacks (apps, suites) or the AI bot's JSON ones. */
export type ClientFamily = 'xml' | 'bot';

const familyOf = (app: ResolvedApp): ClientFamily => (app.kind === 'bot' ? 'bot' : 'xml');

/**
 * The configured app a client is for: the named one, else the only app of the client's family
 * (so a module with one app and one bot needs no name). Mismatches are named.
 */
export function configuredApp(
  app: INestApplication,
  name: string | undefined,
  family: ClientFamily,
): { configured: ResolvedApp; registry: WeComAppRegistry } {
  let registry: WeComAppRegistry;
  try {
    registry = app.get(WeComAppRegistry, { strict: false });
  } catch (error) {
    throw new WeComTestClientError('no-app', 'this Nest app does not import WeComModule; nothing would answer the callbacks.', { cause: error });
  }
  const apps = registry.list();
  const names = (list: readonly ResolvedApp[]) => list.map((app) => `"${app.name}"`).join(', ');
  const client = family === 'bot' ? 'WeComBotTestClient' : 'WeComTestClient';
  const other = family === 'bot' ? 'WeComTestClient' : 'WeComBotTestClient';
  if (apps.length === 0) throw new WeComTestClientError('no-app', 'WeComModule has no app yet: call app.init() before building the client.');
  if (name !== undefined) {
    const found = registry.get(name);
    if (!found) throw new WeComTestClientError('no-app', `WeComModule has no app "${name}"; it has ${names(apps)}.`);
    if (familyOf(found) !== family) {
      throw new WeComTestClientError('no-app', `app "${name}" is ${found.kind === 'bot' ? 'an AI bot (JSON callbacks)' : `a "${found.kind}" app (XML callbacks)`}: use ${other}.forApp(app, { app: '${name}' }).`);
    }
    return { configured: found, registry };
  }
  const candidates = apps.filter((app) => familyOf(app) === family);
  if (candidates.length === 1) return { configured: candidates[0], registry };
  if (candidates.length === 0) {
    throw new WeComTestClientError('no-app', `WeComModule has no ${family === 'bot' ? 'AI bot' : 'XML (app or suite)'} app for ${client}; it has ${names(apps)}: use ${other}.`);
  }
  throw new WeComTestClientError('no-app', `WeComModule has several apps (${names(candidates)}); pass { app: name }.`);
}
