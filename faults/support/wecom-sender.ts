import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { officialKeys, textXml } from '../../test/support/delivery-handlers.js';
import { signedPost, type SignedRequest } from '../../test/support/oracle-client.js';

/**
 * How WeCom delivers a callback, as the fault table models it: an attempt waits `timeoutMs` for an
 * answer; anything but a 200 (a timeout, a 5xx) brings the next attempt `intervalMs` after the last
 * one started; a reset connection (the replica died) brings it `afterResetMs` after the reset.
 * "总共重试三次" is read as four attempts in all (PROTOCOL.md §3.2, §6).
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly afterResetMs: number;
}

export const WECOM_RETRIES: RetryPolicy = { attempts: 4, timeoutMs: 5000, intervalMs: 5000, afterResetMs: 500 };

export type AttemptStatus = number | 'timeout' | 'reset';

export interface Attempt {
  readonly url: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: AttemptStatus;
}

export interface Delivery {
  readonly msgId: string;
  readonly attempts: readonly Attempt[];
  /** WeCom got a 200: it stops trying, whatever the handlers did. */
  readonly acked: boolean;
}

/** One text message, signed once: every attempt carries the same ciphertext, timestamp and nonce. */
export function textCallback(msgId: string, content = `fault ${msgId}`): SignedRequest {
  return signedPost(officialKeys, textXml(content, msgId));
}

/** One HTTP attempt on a fresh connection, like WeCom's. */
export function attempt(url: string, signed: SignedRequest, timeoutMs: number): Promise<Attempt> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: AttemptStatus) => {
      if (done) return;
      done = true;
      resolve({ url, startedAt, endedAt: Date.now(), status });
    };
    const req = request(`${url}?${signed.query}`, { method: 'POST', agent: false, headers: { 'Content-Type': 'text/xml' } }, (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('error', () => finish('reset'));
    });
    req.setTimeout(timeoutMs, () => {
      finish('timeout');
      req.destroy();
    });
    req.on('error', () => finish('reset'));
    req.end(signed.body);
  });
}

/**
 * Delivers one callback the way WeCom does, until a 200 or the attempts are used up. `route` picks the
 * replica of each attempt (the load balancer); it may return undefined for "no replica left".
 */
export async function deliver(
  msgId: string,
  signed: SignedRequest,
  route: (attemptIndex: number) => string | undefined,
  policy: RetryPolicy = WECOM_RETRIES,
): Promise<Delivery> {
  const attempts: Attempt[] = [];
  for (let index = 0; index < policy.attempts; index++) {
    const url = route(index);
    const outcome: Attempt = url ? await attempt(url, signed, policy.timeoutMs) : { url: '', startedAt: Date.now(), endedAt: Date.now(), status: 'reset' };
    attempts.push(outcome);
    if (outcome.status === 200) return { msgId, attempts, acked: true };
    if (index === policy.attempts - 1) break;
    const next = outcome.status === 'reset' ? outcome.endedAt + policy.afterResetMs : Math.max(outcome.startedAt + policy.intervalMs, outcome.endedAt);
    await sleep(Math.max(0, next - Date.now()));
  }
  return { msgId, attempts, acked: false };
}

/** Distinct MsgIds for one run (above 2^53, like WeCom's). */
export function msgIds(count: number, seed = Date.now()): string[] {
  const base = 6_100_000_000_000_000_000n + BigInt(seed) * 1000n;
  return Array.from({ length: count }, (_, i) => String(base + BigInt(i)));
}
