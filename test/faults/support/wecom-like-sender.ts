import { randomInt } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { FAULT_KEYS } from './fault-keys.js';

/** WeCom's delivery as the runs modelled it (PROTOCOL.md §3.2): 5 s timeout, 4 attempts, the next 5 s after the last began. */
export const WECOM_TIMEOUT_MS = 5000;
export const WECOM_ATTEMPTS = 4;

export const textPlaintext = (msgId: string, content = `fault ${msgId}`) =>
  `<xml><ToUserName><![CDATA[${FAULT_KEYS.corpId}]]></ToUserName><FromUserName><![CDATA[faults]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1</AgentID></xml>`;

function signed(plaintext: string): { query: string; body: string } {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1e9));
  const ciphertext = encrypt(FAULT_KEYS.encodingAESKey, plaintext, FAULT_KEYS.corpId);
  return {
    query: `msg_signature=${getSignature(FAULT_KEYS.token, timestamp, nonce, ciphertext)}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${FAULT_KEYS.corpId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  };
}

/**
 * Delivers one callback like WeCom: each attempt goes to a receiver `pick()` chooses (a load balancer
 * that only sends to live replicas), and any answer but a 200 within 5 s is retried, up to 4 attempts.
 * Resolves with the final status (0: no attempt got an answer).
 */
export async function deliverLikeWeCom(msgId: string, pick: () => number | undefined, content?: string): Promise<{ status: number; attempts: number }> {
  const plaintext = textPlaintext(msgId, content);
  let status = 0;
  for (let attempt = 1; attempt <= WECOM_ATTEMPTS; attempt++) {
    const began = Date.now();
    const port = pick();
    if (port !== undefined) {
      const { query, body } = signed(plaintext);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/wecom/callback?${query}`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/xml' },
          body,
          signal: AbortSignal.timeout(WECOM_TIMEOUT_MS),
        });
        await response.text();
        status = response.status;
        if (status === 200) return { status, attempts: attempt };
      } catch {
        status = 0; // reset, refused or timed out
      }
    }
    if (attempt < WECOM_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, Math.max(0, began + WECOM_TIMEOUT_MS - Date.now())));
  }
  return { status, attempts: WECOM_ATTEMPTS };
}
