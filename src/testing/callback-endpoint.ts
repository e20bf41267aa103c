import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { WeComTestClientError } from '../errors/wecom-test-client.error.js';

/** Where callbacks go: a fixed URL, or a Nest app that may not be listening yet. */
export interface CallbackEndpoint {
  url(): Promise<URL>;
}

/**
 * `url` is the callback URL; with `path`, `url` is a base and `path` replaces its path
 * (`http://localhost:3000` + `/wecom/hr`). Checked at once, so a typo fails where it is written.
 */
export function fixedEndpoint(url: string, path?: string): CallbackEndpoint {
  let parsed: URL;
  try {
    parsed = path === undefined ? new URL(url) : new URL(path, url);
  } catch (error) {
    throw new WeComTestClientError(
      'invalid-url',
      `"${url}"${path === undefined ? '' : ` with path "${path}"`} is not a valid URL; expected something like http://localhost:3000/wecom/callback.`,
      { cause: error },
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WeComTestClientError('invalid-url', `"${url}" is not an http(s) URL; WeCom only calls http:// and https:// URLs.`);
  }
  return { url: async () => new URL(parsed) };
}

/**
 * A Nest app: if it is only initialised (as in most e2e tests), it is made to listen on a free
 * loopback port the first time; `app.close()` stops it again.
 */
export function appEndpoint(app: INestApplication, path: string): CallbackEndpoint {
  let base: Promise<string> | undefined;
  return {
    url: async () => {
      base ??= listeningBase(app);
      return new URL(path, await base);
    },
  };
}

async function listeningBase(app: INestApplication): Promise<string> {
  const server = app.getHttpServer() as { listening?: boolean; address?: () => AddressInfo | string | null } | undefined;
  if (!server?.listening) await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo | string | null;
  if (!address || typeof address === 'string') {
    throw new WeComTestClientError('no-app', 'the Nest app does not listen on a TCP port; pass WeComTestClient.forUrl(url, credentials) instead.');
  }
  const host = address.family === 'IPv6' || address.family === (6 as unknown) ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  return `http://${host}:${address.port}`;
}
