import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/**
 * Builds signed, encrypted requests and opens replies with the official npm package @wecom/crypto,
 * not with our own crypto, so the end-to-end suite checks us against an independent implementation.
 */
export interface OracleKeys {
  token: string;
  encodingAESKey: string;
  receiveId: string;
}

export interface SignedRequest {
  query: string;
  body: string;
  encrypt: string;
}

const now = (): string => String(Math.floor(Date.now() / 1000));
const freshNonce = (): string => String(randomBytes(4).readUInt32BE(0));

export function signedPost(keys: OracleKeys, plaintext: string, options: { timestamp?: string; nonce?: string } = {}): SignedRequest {
  const timestamp = options.timestamp ?? now();
  const nonce = options.nonce ?? freshNonce();
  const ciphertext = encrypt(keys.encodingAESKey, plaintext, keys.receiveId);
  const signature = getSignature(keys.token, timestamp, nonce, ciphertext);
  return {
    query: `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${keys.receiveId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
    encrypt: ciphertext,
  };
}

export function signedGet(keys: OracleKeys, echo: string, options: { timestamp?: string; nonce?: string } = {}): string {
  const timestamp = options.timestamp ?? now();
  const nonce = options.nonce ?? freshNonce();
  const echostr = encrypt(keys.encodingAESKey, echo, keys.receiveId);
  const signature = getSignature(keys.token, timestamp, nonce, echostr);
  return `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&echostr=${encodeURIComponent(echostr)}`;
}

export interface OpenedReply {
  plaintext: string;
  receiveId: string;
  signatureValid: boolean;
  timestamp: string;
  nonce: string;
}

/** Opens an encrypted passive-reply envelope and checks its signature. */
export function openReply(keys: OracleKeys, envelope: string): OpenedReply {
  const pick = (tag: string): string => {
    const match = new RegExp(`<${tag}>(?:<!\\[CDATA\\[)?([^<\\]]*)(?:\\]\\]>)?</${tag}>`).exec(envelope);
    if (!match) throw new Error(`reply envelope has no <${tag}>: ${envelope}`);
    return match[1];
  };
  const ciphertext = pick('Encrypt');
  const timestamp = pick('TimeStamp');
  const nonce = pick('Nonce');
  const { message, id } = decrypt(keys.encodingAESKey, ciphertext);
  return {
    plaintext: message,
    receiveId: id,
    signatureValid: getSignature(keys.token, timestamp, nonce, ciphertext) === pick('MsgSignature'),
    timestamp,
    nonce,
  };
}

/** An AI bot POST (PROTOCOL.md §5.1): `{"encrypt": …}`, signed over the encrypt value. receiveId is "" for bots. */
export function signedJsonPost(keys: OracleKeys, plaintext: string, options: { timestamp?: string; nonce?: string } = {}): SignedRequest {
  const timestamp = options.timestamp ?? now();
  const nonce = options.nonce ?? freshNonce();
  const ciphertext = encrypt(keys.encodingAESKey, plaintext, keys.receiveId);
  const signature = getSignature(keys.token, timestamp, nonce, ciphertext);
  return { query: `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, body: JSON.stringify({ encrypt: ciphertext }), encrypt: ciphertext };
}

/** Opens a JSON reply envelope `{ encrypt, msgsignature, timestamp, nonce }` and checks its signature. */
export function openJsonReply(keys: OracleKeys, envelope: string): OpenedReply & { envelope: Record<string, unknown> } {
  const parsed = JSON.parse(envelope) as Record<string, string>;
  const { message, id } = decrypt(keys.encodingAESKey, parsed.encrypt);
  return {
    plaintext: message,
    receiveId: id,
    signatureValid: getSignature(keys.token, String(parsed.timestamp), parsed.nonce, parsed.encrypt) === parsed.msgsignature,
    timestamp: String(parsed.timestamp),
    nonce: parsed.nonce,
    envelope: parsed,
  };
}
