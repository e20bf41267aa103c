/**
 * signatureMatches must go through crypto.timingSafeEqual (PROTOCOL.md §1.2), and must not call it
 * (it would throw a RangeError) when the lengths differ. Timing itself cannot be asserted reliably in a
 * unit test, so this checks the mechanism instead: node:crypto is wrapped with a spy, in its own file so
 * the mock touches no other spec.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, default: actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const { timingSafeEqual } = await import('node:crypto');
const { computeSignature, signatureMatches } = await import('../../src/crypto/signature.js');
const spy = vi.mocked(timingSafeEqual);

describe('signatureMatches uses a constant-time comparison', () => {
  const sig = computeSignature('token', '1700000000', 'nonce', 'encrypt');

  beforeEach(() => {
    spy.mockClear();
  });

  it('compares equal-length signatures with timingSafeEqual', () => {
    expect(signatureMatches(sig, sig)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    const other = computeSignature('token', '1700000001', 'nonce', 'encrypt');
    expect(signatureMatches(sig, other)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('returns false for different lengths without calling timingSafeEqual (which would throw)', () => {
    expect(signatureMatches(sig, sig.slice(1))).toBe(false);
    expect(signatureMatches(sig, 'é'.repeat(40))).toBe(false);
    expect(signatureMatches(sig, undefined as unknown as string)).toBe(false);
    expect(spy).not.toHaveBeenCalled();
  });
});
