import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { BENCH_APP } from './bench-settings.mjs';
import { PLAINTEXTS } from './callback-plaintexts.mjs';

/**
 * Pre-generated callbacks, signed and encrypted the way WeCom sends them (PROTOCOL.md §3.2), built
 * with the official @wecom/crypto so the bench does not test our crypto against itself. Signing
 * happens here, outside the measured window; each phase gets a fresh pool, so every timestamp is
 * seconds old (well inside the default 300 s tolerance) and every request is a distinct message.
 */
export class RequestPool {
  /** Messages numbered from here on are distinct from every earlier pool in this run. */
  static #next = 0;

  constructor(kind, size) {
    const plaintext = PLAINTEXTS[kind];
    if (!plaintext) throw new Error(`unknown pool kind "${kind}"`);
    this.kind = kind;
    this.requests = new Array(size);
    const timestamp = String(Math.floor(Date.now() / 1000));
    for (let i = 0; i < size; i++) {
      const n = RequestPool.#next++;
      const ciphertext = encrypt(BENCH_APP.encodingAESKey, plaintext(n), BENCH_APP.corpId);
      const nonce = `${n}${randomBytes(3).toString('hex')}`;
      const signature = getSignature(BENCH_APP.token, timestamp, nonce, ciphertext);
      this.requests[i] = {
        path: `${BENCH_APP.path}?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
        body:
          `<xml><ToUserName><![CDATA[${BENCH_APP.corpId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt>` +
          `<AgentID><![CDATA[${BENCH_APP.agentId}]]></AgentID></xml>`,
      };
    }
    this.used = 0;
  }

  get size() {
    return this.requests.length;
  }

  /** The next request; past the end it wraps around, and `wrapped` says how many were sent twice. */
  next() {
    return this.requests[this.used++ % this.requests.length];
  }

  get wrapped() {
    return Math.max(0, this.used - this.requests.length);
  }
}
