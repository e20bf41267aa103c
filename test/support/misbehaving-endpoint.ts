import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WeComCrypto } from '../../src/index.js';
import { OFFICIAL } from './official-keys.js';

/**
 * A callback endpoint that gets the protocol wrong in the ways real apps do, so the client's and the
 * CLI's error reports can be tested against a real HTTP server:
 * - `forged-reply`: answers POSTs with a well-formed envelope whose MsgSignature is wrong.
 * - `quoted-echo`: answers the URL check with the echo JSON-quoted (what `res.json(echo)` does).
 * - `silent`: never answers.
 * Uses the official key set A (PROTOCOL.md §2.1), like the sample's demo settings.
 */
export type Misbehaviour = 'forged-reply' | 'quoted-echo' | 'silent';

export async function startMisbehavingEndpoint(misbehaviour: Misbehaviour): Promise<{ url: string; close: () => Promise<void> }> {
  const crypto = new WeComCrypto({ token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey });
  const server: Server = createServer((request, response) => {
    if (misbehaviour === 'silent') return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET') {
      const echo = crypto.decrypt(url.searchParams.get('echostr') ?? '', OFFICIAL.corpId).message;
      response.end(JSON.stringify(echo));
      return;
    }
    request.resume();
    request.on('end', () => {
      const encrypt = crypto.encrypt('<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[forged]]></Content></xml>', OFFICIAL.corpId);
      response.setHeader('content-type', 'application/xml');
      response.end(
        `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${'0'.repeat(40)}]]></MsgSignature><TimeStamp>1</TimeStamp><Nonce><![CDATA[n]]></Nonce></xml>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/wecom/callback`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
