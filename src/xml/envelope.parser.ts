import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { scanFlatEnvelope } from './flat-envelope.scanner.js';
import { readXmlRoot } from './hardened-xml.reader.js';

/**
 * The POST body `<xml><ToUserName/><Encrypt/><AgentID/></xml>` (PROTOCOL.md §3.2) → the `Encrypt`
 * value, found by name because element order varies between senders. Same hardening as the
 * callback parser. The signature over this value is checked by the caller.
 * Throws WeComProtocolError(-40002) when the body is not XML, its root is not `<xml>`, or `Encrypt` is
 * missing, empty, nested or repeated (two ciphertexts would leave it open which one the signature covers).
 */
export function extractEncrypt(body: string): string {
  return scanFlatEnvelope(body) ?? extractEncryptWithParser(body);
}

/** The full path: every envelope the fast scanner leaves alone, and every refusal. */
export function extractEncryptWithParser(body: string): string {
  const envelope = readXmlRoot(body, 'envelope');
  const encrypt = envelope.Encrypt;
  if (encrypt === undefined) refuse('it has no <Encrypt> element');
  if (Array.isArray(encrypt)) refuse(`<Encrypt> occurs ${encrypt.length} times`);
  if (typeof encrypt !== 'string') refuse('<Encrypt> holds elements instead of text');
  if (encrypt === '') refuse('<Encrypt> is empty');
  return encrypt;
}

function refuse(reason: string): never {
  throw new WeComProtocolError(WeComErrorCode.ParseXmlError, `envelope refused: ${reason}`);
}
