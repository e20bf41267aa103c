import { WeComApiError } from '../../errors/wecom-api.error.js';
import type { TokenProvider } from '../tokens/token-provider.js';
import type { TokenSource } from '../tokens/token-source.js';

/**
 * Runs `send` with a token, and once more with a new one if WeCom refused the token (40001, 40014,
 * 42001; 42009 for a suite token). The refused token is invalidated by compare-and-delete; during the
 * cooldown after a forced refresh, or if no other token is to be had, the error is thrown as it is.
 * Nothing else is retried: 60020, 45009 and the rest would fail the same way, or worse.
 */
export async function callWithToken<R>(tokens: TokenProvider, source: TokenSource, send: (token: string) => Promise<R>): Promise<R> {
  const token = await tokens.get(source);
  try {
    return await send(token);
  } catch (error) {
    if (!(error instanceof WeComApiError) || !source.invalidTokenCodes.has(error.errcode) || error.errcode === -1) throw error;
    const outcome = await tokens.invalidate(source, token);
    if (outcome === 'cooling-down') {
      throw new WeComApiError(
        error.errcode,
        error.errmsg,
        error.path,
        `${error.hint ?? 'the token was refused'}; not refreshed again: a forced refresh of this token happened within the cooldown`,
      );
    }
    const next = await tokens.get(source);
    if (next === token) throw error;
    return send(next);
  }
}
