import type { INestApplication } from '@nestjs/common';
import { appEndpoint, fixedEndpoint } from './callback-endpoint.js';
import {
  botKeysFromCredentials,
  WeComBotCallbackSender,
  type WeComBotTestClientOptions,
  type WeComBotTestCredentials,
} from './bot-callback-sender.js';
import { configuredApp } from './wecom-test-client.js';

/**
 * Sends AI bot callbacks (PROTOCOL.md §5.1) to your app exactly as WeCom does: JSON envelopes,
 * messages and events, and the refresh polls of streamed answers. Hands back the status and the
 * decrypted, verified JSON reply.
 *
 * ```ts fragment
 * const bot = WeComBotTestClient.forApp(app);
 * const first = await bot.send(botMessage.text('hello'));
 * const answer = await bot.followStream(first); // polls until finish, as WeCom does
 * expect(answer.content).toContain('hello');
 * ```
 */
export class WeComBotTestClient extends WeComBotCallbackSender {
  /**
   * A client for the AI bot app of a Nest app with WeComModule: credentials and path come from the
   * module's configuration (name the app if it has several bots). Pass `credentials` to send as
   * someone else, e.g. with a wrong token to test the refusal.
   */
  static forApp(
    app: INestApplication,
    options: WeComBotTestClientOptions & { app?: string; credentials?: WeComBotTestCredentials; path?: string } = {},
  ): WeComBotTestClient {
    const { configured, registry } = configuredApp(app, options.app, 'bot');
    const keys = options.credentials ? botKeysFromCredentials(options.credentials) : { crypto: configured.crypto };
    // The mounted path: behind the global prefix when the module's useGlobalPrefix is on.
    const path = options.path ?? registry.callbackPath(configured.name) ?? configured.path;
    return new WeComBotTestClient(appEndpoint(app, path), keys, options);
  }

  /** A client for a running bot at `url` (the full callback URL, or a base URL plus `path`). */
  static forUrl(url: string, credentials: WeComBotTestCredentials & { path?: string }, options: WeComBotTestClientOptions = {}): WeComBotTestClient {
    return new WeComBotTestClient(fixedEndpoint(url, credentials.path), botKeysFromCredentials(credentials), options);
  }
}
