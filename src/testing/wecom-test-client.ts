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
    const { configured, registry } = configuredApp(app, options.app);
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

function configuredApp(app: INestApplication, name: string | undefined): { configured: ResolvedApp; registry: WeComAppRegistry } {
  let registry: WeComAppRegistry;
  try {
    registry = app.get(WeComAppRegistry, { strict: false });
  } catch (error) {
    throw new WeComTestClientError('no-app', 'this Nest app does not import WeComModule; nothing would answer the callbacks.', { cause: error });
  }
  const apps = registry.list();
  const names = apps.map((app) => `"${app.name}"`).join(', ');
  if (apps.length === 0) throw new WeComTestClientError('no-app', 'WeComModule has no app yet: call app.init() before building the client.');
  if (name !== undefined) {
    const found = registry.get(name);
    if (!found) throw new WeComTestClientError('no-app', `WeComModule has no app "${name}"; it has ${names}.`);
    return { configured: found, registry };
  }
  if (apps.length > 1) throw new WeComTestClientError('no-app', `WeComModule has several apps (${names}); pass { app: name }.`);
  return { configured: apps[0], registry };
}

