import type { WeComUrlVerificationResult } from '../../testing/callback-sender.js';
import type { CliOutput } from '../cli-output.js';
import { formatMs, printRefusal } from '../result-printer.js';

/**
 * `nestjs-wecom verify`: the GET WeCom sends when the URL is saved in the console (PROTOCOL.md §3.1),
 * and the check WeCom makes on the answer: 200 with exactly the decrypted echostr. An app's or a bot's.
 */
export async function runVerify(client: { verifyUrl(): Promise<WeComUrlVerificationResult> }, url: string, output: CliOutput): Promise<number> {
  output.out(`GET ${url}  (URL verification, as WeCom sends it when you save the URL in the console)`);
  const result = await client.verifyUrl();
  if (result.verified) {
    output.out(`✓ URL verified in ${formatMs(result.durationMs)}: the app answered the decrypted echostr "${result.echo}" exactly, as WeCom requires.`);
    return 0;
  }
  if (result.status !== 200) {
    printRefusal(result, output);
    return 1;
  }
  output.err(
    `✗ 200, but the body is ${JSON.stringify(result.body.slice(0, 200))} instead of exactly ${JSON.stringify(result.echo)}. ` +
      'WeCom rejects anything else: no quotes, no BOM, no newline, no JSON or HTML around it (docs/PROTOCOL.md §3.1).',
  );
  return 1;
}
