import { WeComErrorCode } from '../errors/wecom-error-codes.js';

/**
 * What an errcode means and how to fix it, in words, from the point of view of whoever sent the
 * callback (the simulator, a test, or WeCom itself). The codes are WXBizMsgCrypt's (PROTOCOL.md §1.6)
 * plus the module's HTTP-level ones.
 */
const EXPLANATIONS: Readonly<Record<number, string>> = {
  [WeComErrorCode.ValidateSignatureError]:
    "signature mismatch: the token differs between the app and WeCom's console (here: between the sender and the app). Use the same Token on both sides.",
  [WeComErrorCode.ParseXmlError]:
    'the body is not a WeCom XML envelope <xml><Encrypt>…</Encrypt></xml> (or the decrypted plaintext is not well-formed, DTD-free XML).',
  [WeComErrorCode.ComputeSignatureError]: 'the signature could not be computed.',
  [WeComErrorCode.IllegalAesKey]: 'the EncodingAESKey is not valid: it must be exactly 43 letters and digits, copied from the console.',
  [WeComErrorCode.ValidateCorpidError]:
    'receiveid mismatch: the message was encrypted for another CorpID (SuiteID for third-party instruction callbacks) than the app expects. Use the same corpId on both sides.',
  [WeComErrorCode.EncryptAESError]: 'AES encryption failed.',
  [WeComErrorCode.DecryptAESError]: "AES decryption failed: the EncodingAESKey differs between the app and WeCom's console (here: between the sender and the app).",
  [WeComErrorCode.IllegalBuffer]: 'the decrypted buffer is malformed: almost always a different EncodingAESKey on the two sides.',
  [WeComErrorCode.EncodeBase64Error]: 'base64 encoding failed.',
  [WeComErrorCode.DecodeBase64Error]: 'Encrypt is not base64: the body was altered, or it is not a WeCom envelope.',
  [WeComErrorCode.GenReturnXmlError]: 'the reply XML could not be generated.',
  [WeComErrorCode.BadRequest]: 'a signed query parameter (msg_signature, timestamp, nonce, echostr) is missing, repeated or too long.',
  [WeComErrorCode.TimestampExpired]:
    "the signed timestamp is too far from the app's clock: a replayed request, or a clock that is off (sync it with NTP; see timestampToleranceSeconds).",
  [WeComErrorCode.RequestTimeout]: 'the body did not arrive within the bodyReadTimeoutMs option: a client that sends too slowly, or a proxy that holds it back.',
  [WeComErrorCode.PayloadTooLarge]: 'the body is larger than the bodyLimit option.',
  500: 'a handler threw: WeCom treats any non-200 as a failure and retries. See the app log for the handler, app and MsgId.',
};

const BY_STATUS: Readonly<Record<number, string>> = {
  404: 'nothing handles this path: check the URL against the module\'s `path` option (default /wecom/callback).',
  405: 'the path does not accept this method: is it really the WeCom callback URL?',
};

/** Words for a refusal: by errcode when the body carried one, else by HTTP status. */
export function explainRefusal(status: number, errcode?: number): string {
  if (errcode !== undefined && EXPLANATIONS[errcode]) return EXPLANATIONS[errcode];
  if (BY_STATUS[status]) return BY_STATUS[status];
  return status >= 500 ? 'the app failed while handling the callback; see its log.' : `HTTP ${status}: the app refused the callback.`;
}
