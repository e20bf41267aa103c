import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { scanCallbackXml } from './callback-xml.scanner.js';
import { readXmlRoot } from './hardened-xml.reader.js';

/**
 * Elements that route a callback or identify it. If one of them came twice, or held elements instead
 * of text, the router and the handler's types would each see something different; no WeCom payload
 * does that (§4.0), so it is refused. Other unexpected elements are kept as parsed: "unknown elements
 * must be ignored" (§4.0), and WeCom adds fields over time.
 */
const SINGLE_TEXT_ELEMENTS = [
  'ToUserName',
  'FromUserName',
  'CreateTime',
  'MsgType',
  'Event',
  'ChangeType',
  'InfoType',
  'AgentID',
  'MsgId',
  'SuiteId',
  'ServiceCorpId',
  'AuthCorpId',
  'TimeStamp',
] as const;

/**
 * A decrypted callback plaintext (PROTOCOL.md §4) → the children of its `<xml>` root, in WeCom's own
 * PascalCase names. Every leaf is the string as sent ('' for an empty element), every repeated
 * element of §4 is an array (src/xml/repeated-elements.ts), attributes are ignored.
 * Throws WeComProtocolError(-40002) for anything that is not a well-formed, DTD-free `<xml>` document.
 *
 * WeCom's own documents take the strict scanner (callback-xml.scanner.ts); whatever it does not
 * recognise goes through the hardened parser, which accepts it or refuses it.
 */
export function parseCallbackXml(xml: string): Record<string, unknown> {
  return checkPayload(scanCallbackXml(xml) ?? readXmlRoot(xml, 'callback XML'));
}

/** The full path alone: what the scanner must agree with (test/xml/callback-xml.scanner.spec.ts). */
export function parseCallbackXmlWithParser(xml: string): Record<string, unknown> {
  return checkPayload(readXmlRoot(xml, 'callback XML'));
}

function checkPayload(payload: Record<string, unknown>): Record<string, unknown> {
  for (const name of SINGLE_TEXT_ELEMENTS) {
    const value = payload[name];
    if (value !== undefined && typeof value !== 'string') {
      throw new WeComProtocolError(
        WeComErrorCode.ParseXmlError,
        `callback XML refused: <${name}> must occur once and hold text, got ${Array.isArray(value) ? `${value.length} of them` : 'nested elements'}`,
      );
    }
  }
  const sendPicsInfo = payload.SendPicsInfo;
  if (sendPicsInfo !== undefined && typeof sendPicsInfo === 'object' && sendPicsInfo !== null) {
    mergePicLists(sendPicsInfo as Record<string, unknown>);
  }
  return payload;
}

/**
 * §4.2 pic_*: the docs show one `<PicList>` holding every `<item>`, real payloads repeat
 * `<PicList><item>…</item></PicList>` once per picture (WxJava's test; WxJava pre-merges them).
 * Both become one `PicList: { item: [...] }`, items in document order.
 */
function mergePicLists(sendPicsInfo: Record<string, unknown>): void {
  const picList = sendPicsInfo.PicList;
  if (picList === undefined) return;
  const lists = Array.isArray(picList) ? picList : [picList];
  const item: unknown[] = [];
  for (const list of lists) {
    // An empty `<PicList/>` is '' and contributes nothing; `item` is already an array (repeated path).
    if (typeof list === 'object' && list !== null && Array.isArray((list as { item?: unknown }).item)) {
      item.push(...(list as { item: unknown[] }).item);
    }
  }
  sendPicsInfo.PicList = { item };
}
