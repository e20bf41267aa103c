import { WeComErrorCode } from './wecom-error-codes.js';

/** HTTP status for each refusal; every one is a 4xx so that nothing reaches a handler. */
const HTTP_STATUS: Record<WeComErrorCode, number> = {
  [WeComErrorCode.ValidateSignatureError]: 401,
  [WeComErrorCode.ParseXmlError]: 400,
  [WeComErrorCode.ComputeSignatureError]: 400,
  [WeComErrorCode.IllegalAesKey]: 400,
  [WeComErrorCode.ValidateCorpidError]: 403,
  [WeComErrorCode.EncryptAESError]: 400,
  [WeComErrorCode.DecryptAESError]: 400,
  [WeComErrorCode.IllegalBuffer]: 400,
  [WeComErrorCode.EncodeBase64Error]: 400,
  [WeComErrorCode.DecodeBase64Error]: 400,
  [WeComErrorCode.GenReturnXmlError]: 400,
  [WeComErrorCode.BadRequest]: 400,
  [WeComErrorCode.TimestampExpired]: 403,
  [WeComErrorCode.RequestTimeout]: 408,
  [WeComErrorCode.PayloadTooLarge]: 413,
};

/**
 * A refused callback or a crypto failure. `errcode` is the official WXBizMsgCrypt code, and the
 * message says in words what was wrong; neither carries secrets or a stack trace to the caller.
 */
export class WeComProtocolError extends Error {
  override readonly name = 'WeComProtocolError';

  constructor(
    readonly errcode: WeComErrorCode,
    message: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.errcode];
  }

  toJSON(): { errcode: number; errmsg: string } {
    return { errcode: this.errcode, errmsg: this.message };
  }
}
