import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WeComErrorCode } from '../../src/errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { RefusalLog } from '../../src/http/refusal-log.js';

const badSignature = new WeComProtocolError(WeComErrorCode.ValidateSignatureError, 'msg_signature does not match');
const badXml = new WeComProtocolError(WeComErrorCode.ParseXmlError, 'envelope refused: it is empty');

describe('RefusalLog', () => {
  let lines: string[];
  let log: RefusalLog;
  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    log = new RefusalLog({ warn: (message) => lines.push(message) }, 3, 60_000);
  });
  afterEach(() => {
    log.flush();
    vi.useRealTimers();
  });

  it('logs the first refusals of each kind in full, then summarises the rest when the minute ends', () => {
    for (let i = 0; i < 1000; i++) log.refused('hr', 'callback', badSignature);
    expect(lines).toEqual([
      '[hr] callback refused (-40001): msg_signature does not match',
      '[hr] callback refused (-40001): msg_signature does not match',
      '[hr] callback refused (-40001): msg_signature does not match (further refusals of this kind are counted and summarised every 60 s)',
    ]);
    vi.advanceTimersByTime(60_000);
    expect(lines.slice(3)).toEqual(['[hr] 997 more refusals of kind -40001 (ValidateSignatureError) in the last 60 s, after the 3 logged above']);
    // A new window: informative again.
    log.refused('hr', 'callback', badSignature);
    expect(lines.at(-1)).toBe('[hr] callback refused (-40001): msg_signature does not match');
  });

  it('keeps kinds apart, per app and per errcode', () => {
    for (let i = 0; i < 5; i++) {
      log.refused('hr', 'callback', badSignature);
      log.refused('hr', 'callback', badXml);
      log.refused('sales', 'callback', badSignature);
    }
    expect(lines).toHaveLength(9);
    log.flush();
    expect(lines.slice(9).sort()).toEqual([
      '[hr] 2 more refusals of kind -40001 (ValidateSignatureError) in the last 0 s, after the 3 logged above',
      '[hr] 2 more refusals of kind -40002 (ParseXmlError) in the last 0 s, after the 3 logged above',
      '[sales] 2 more refusals of kind -40001 (ValidateSignatureError) in the last 0 s, after the 3 logged above',
    ]);
  });

  it('writes no summary for a window without suppressed refusals, and stops its timer', () => {
    log.refused('hr', 'callback', badSignature);
    vi.advanceTimersByTime(10 * 60_000);
    expect(lines).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    for (let i = 0; i < 4; i++) log.refused('hr', 'callback', badSignature);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(120_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never logs more than a few hundred characters of a message', () => {
    log.refused('hr', 'callback', new WeComProtocolError(WeComErrorCode.ParseXmlError, 'x'.repeat(100_000)));
    expect(lines[0].length).toBeLessThan(450);
  });
});
