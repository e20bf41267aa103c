/**
 * Error codes of WeCom's official WXBizMsgCrypt libraries (PROTOCOL.md §1.6), identical in every
 * official language, so a user can look them up in WeCom's own docs. The last four are ours:
 * HTTP-level refusals that the official libraries leave to the web framework.
 */
export const WeComErrorCode = {
  ValidateSignatureError: -40001,
  ParseXmlError: -40002,
  ComputeSignatureError: -40003,
  IllegalAesKey: -40004,
  ValidateCorpidError: -40005,
  EncryptAESError: -40006,
  DecryptAESError: -40007,
  IllegalBuffer: -40008,
  EncodeBase64Error: -40009,
  DecodeBase64Error: -40010,
  GenReturnXmlError: -40011,
  /** A query parameter is missing, repeated or too long. */
  BadRequest: 400,
  /** The signed timestamp lies outside `timestampToleranceSeconds`: a replay, or a skewed clock. */
  TimestampExpired: 403,
  /** The body did not arrive within `bodyReadTimeoutMs`. */
  RequestTimeout: 408,
  /** The body is larger than `bodyLimit`. */
  PayloadTooLarge: 413,
} as const;

export type WeComErrorCode = (typeof WeComErrorCode)[keyof typeof WeComErrorCode];
