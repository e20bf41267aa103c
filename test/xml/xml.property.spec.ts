import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeComErrorCode } from '../../src/errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { parseCallbackXml } from '../../src/xml/callback-xml.parser.js';
import { scanEnvelope } from '../../src/xml/envelope.scanner.js';
import { REPEATED_ELEMENT_PATHS } from '../../src/xml/repeated-elements.js';
import { toXml } from '../../src/xml/xml-writer.js';
import { APP_SAMPLES, SUITE_SAMPLES } from '../fixtures/callback-samples.js';

/**
 * Names the round trip must avoid: the last segment of every repeated path (a single occurrence would
 * come back as an array), the routing elements parseCallbackXml insists hold text, and SendPicsInfo
 * (normalised). Forbidden names (`__proto__`…) cannot match the PascalCase pattern at all.
 */
const EXCLUDED = new Set([
  ...REPEATED_ELEMENT_PATHS.map((path) => path.slice(path.lastIndexOf('.') + 1)),
  'ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event', 'ChangeType', 'InfoType', 'AgentID', 'MsgId',
  'SuiteId', 'ServiceCorpId', 'AuthCorpId', 'TimeStamp', 'SendPicsInfo',
]);

const tagName = fc.stringMatching(/^[A-Z][A-Za-z0-9_]{0,11}$/).filter((name) => !EXCLUDED.has(name));

/**
 * Any Unicode text XML can carry in CDATA and get back unchanged: no C0 controls except tab and LF
 * (the parser refuses them), and no CR, which XML 1.0 §2.11 normalises to LF in every parser.
 */
const text = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/[\x00-\x08\x0B-\x1F]/g, ''));

type Tree = { [name: string]: string | Tree | Array<string | Tree> };

/** Objects of string leaves; nested objects are non-empty (an empty element parses as '') and arrays hold 2+ items. */
const { tree } = fc.letrec<{ tree: Tree; node: string | Tree }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, tie('tree')),
  tree: fc.dictionary(
    tagName,
    fc.oneof({ depthSize: 'small' }, tie('node'), fc.array(tie('node'), { minLength: 2, maxLength: 4 })),
    { minKeys: 1, maxKeys: 5 },
  ) as fc.Arbitrary<Tree>,
}));

describe('XML property tests', () => {
  it('toXml → parseCallbackXml gives back any object of string leaves', () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(parseCallbackXml(toXml(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips every fixture: parse → write → parse is stable', () => {
    for (const sample of [...APP_SAMPLES, ...SUITE_SAMPLES]) {
      const parsed = parseCallbackXml(sample.xml);
      expect(parseCallbackXml(toXml(parsed))).toEqual(parsed);
    }
  });

  /** Fragments that steer mutations towards the interesting parser paths. */
  const fragment = fc.constantFrom(
    '<', '>', '/', '</', '/>', '<!', '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>', '&', '&amp;', '&#', '&#x0;', ';', '"', "'", '=', ' ',
    '<!DOCTYPE x>', '<!ENTITY e "x">', '<__proto__>', '</__proto__>', '<constructor>', '<prototype>', '<polluted>1</polluted>',
    '<toString>', '<xml>', '</xml>', '<Item>', '</Item>', '<PicList>', '</PicList>', '\u0000', '\u0001', '\t', '\r\n', '😀',
  );
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 6 }), insert: fc.oneof(fragment, fc.string({ maxLength: 6 })) });
  const seeds = [...APP_SAMPLES, ...SUITE_SAMPLES].map((sample) => sample.xml);

  function mutate(seed: string, edits: Array<{ at: number; remove: number; insert: string }>): string {
    let xml = seed;
    for (const { at, remove, insert } of edits) {
      const position = at % (xml.length + 1);
      xml = xml.slice(0, position) + insert + xml.slice(position + remove);
    }
    return xml;
  }

  /** Runs `parse`: it may return or throw WeComProtocolError(-40002), never anything else; no pollution. */
  function assertContained(parse: (xml: string) => unknown, xml: string): void {
    try {
      parse(xml);
    } catch (error) {
      if (!(error instanceof WeComProtocolError) || error.errcode !== WeComErrorCode.ParseXmlError) {
        throw new Error(`unexpected ${String(error)} for ${JSON.stringify(xml)}`);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  }

  it('mutated samples only ever throw WeComProtocolError(-40002) and never pollute Object.prototype', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 }), (seed, edits) => {
        const xml = mutate(seed, edits);
        assertContained(parseCallbackXml, xml);
        assertContained(scanEnvelope, xml);
      }),
      { numRuns: 1500 },
    );
  });

  it('random strings and fragment soups only ever throw WeComProtocolError(-40002)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(fragment, { maxLength: 30 }).map((parts) => `<xml>${parts.join('')}</xml>`)), (xml) => {
        assertContained(parseCallbackXml, xml);
        assertContained(scanEnvelope, xml);
      }),
      { numRuns: 1000 },
    );
  });
});
