import { describe, expect, it } from 'vitest';
import { sampleSettings } from '../../sample/demo-settings.js';
import { parseInvocation } from '../../src/cli/cli-options.js';
import { DEFAULT_CALLBACK_URL, DEMO_CREDENTIALS } from '../../src/cli/demo-credentials.js';
import { parseFieldFlags } from '../../src/cli/field-flags.js';

describe('CLI arguments', () => {
  it('defaults to exactly the sample\'s demo settings and URL, so `npm run sample` + the CLI just work', () => {
    const { usingDemo, ...sample } = sampleSettings({});
    expect(usingDemo).toBe(true);
    expect(DEMO_CREDENTIALS).toEqual(sample);
    const invocation = parseInvocation(['send', 'text'], {});
    expect(invocation.credentials).toMatchObject(DEMO_CREDENTIALS);
    expect(invocation.url).toBe(DEFAULT_CALLBACK_URL);
    expect(DEFAULT_CALLBACK_URL).toBe('http://localhost:3000/wecom/callback'); // sample/main.ts without PORT
  });

  it('takes each credential from its flag, else the sample\'s env var, else the demo', () => {
    const invocation = parseInvocation(['verify', '--token', 'flagToken'], { WECOM_TOKEN: 'envToken', WECOM_CORP_ID: 'wwenv', WECOM_AGENT_ID: '7' });
    expect(invocation.credentials).toMatchObject({ token: 'flagToken', corpId: 'wwenv', agentId: '7', encodingAESKey: DEMO_CREDENTIALS.encodingAESKey });
    expect(invocation.sources).toEqual({ token: '--token', corpId: 'WECOM_CORP_ID', agentId: 'WECOM_AGENT_ID', encodingAESKey: 'demo' });
  });

  it('refuses --concurrency without --repeat, and counts that are not whole numbers', () => {
    expect(() => parseInvocation(['send', 'text', '--concurrency', '2'], {})).toThrow('--concurrency only makes sense with --repeat');
    expect(() => parseInvocation(['send', 'text', '--repeat', '0'], {})).toThrow('--repeat must be a whole number ≥ 1 (got "0")');
  });

  it('--field: nested paths, repeats become lists, empty values stay empty', () => {
    expect(parseFieldFlags(['EventKey=menu_1', 'ScanCodeInfo.ScanResult=a=b', 'DocId=1', 'DocId=2', 'DocId=3', 'Poiname='])).toEqual({
      EventKey: 'menu_1',
      ScanCodeInfo: { ScanResult: 'a=b' },
      DocId: ['1', '2', '3'],
      Poiname: '',
    });
    expect(() => parseFieldFlags(['NoEquals'])).toThrow('must look like Name=value');
    expect(() => parseFieldFlags(['bad-name=1'])).toThrow('is not an element name');
    expect(() => parseFieldFlags(['A=1', 'A.B=2'])).toThrow('A already has a value');
  });
});
