import { decrypt } from '@wecom/crypto';
import { BENCH_APP } from './bench-settings.mjs';

/**
 * One request before any timing, so a scenario that answers fast because it is broken (a refused
 * signature is very cheap) fails the run instead of winning it.
 */
export async function assertServerAnswers(port, request, expect) {
  const response = await fetch(`http://127.0.0.1:${port}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: request.body,
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`sanity check: status ${response.status}: ${text.slice(0, 300)}`);
  if (expect === 'empty' && text !== '') throw new Error(`sanity check: expected an empty body, got ${text.slice(0, 300)}`);
  if (expect === 'echo') {
    const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(text)?.[1];
    const plaintext = encrypt ? decrypt(BENCH_APP.encodingAESKey, encrypt).message : '';
    if (!plaintext.includes('<Content><![CDATA[echo: hello from the bench')) {
      throw new Error(`sanity check: expected an encrypted echo reply, got ${text.slice(0, 300)}`);
    }
  }
}
