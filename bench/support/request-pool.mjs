import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { BENCH_APP } from './bench-settings.mjs';
import { PLAINTEXTS } from './callback-plaintexts.mjs';

/**
 * Callbacks signed and encrypted the way WeCom sends them (PROTOCOL.md §3.2), built with the official
 * @wecom/crypto so the bench does not test our crypto against itself. Each request is a distinct
 * message (its own number: MsgId for texts, UserID + CreateTime for events; its own nonce) across the
 * whole run, so a deduplicating server never sees a retry and does the full work for every request.
 *
 * `size` requests are built up front, outside the measured window. A run that outpaces them gets new
 * ones built on demand (`late` counts them; they cost the load generator a little time, never the
 * server): a distinct pool never repeats a message. A `reusable` pool (floors, which do not parse:
 * only the bytes matter) wraps around instead.
 */
export class RequestPool {
  /** Messages numbered from here on are distinct from every earlier pool in this run. */
  static #next = 0;

  constructor(kind, size, { reusable = false } = {}) {
    this.plaintext = PLAINTEXTS[kind];
    if (!this.plaintext) throw new Error(`unknown pool kind "${kind}"`);
    this.kind = kind;
    this.reusable = reusable;
    this.timestamp = String(Math.floor(Date.now() / 1000));
    this.requests = new Array(size);
    for (let i = 0; i < size; i++) this.requests[i] = this.#build();
    this.used = 0;
    this.late = 0;
  }

  get size() {
    return this.requests.length;
  }

  /** The next request: a new message every time (built now if the prepared ones ran out), unless reusable. */
  next() {
    const index = this.used++;
    if (index < this.requests.length) return this.requests[index];
    if (this.reusable) return this.requests[index % this.requests.length];
    this.late++;
    return this.#build();
  }

  /** Messages sent more than once by this pool: 0 for a distinct pool, by construction. */
  get repeats() {
    return this.reusable ? 0 : Math.max(0, this.used - this.requests.length - this.late);
  }

  #build() {
    const n = RequestPool.#next++;
    const ciphertext = encrypt(BENCH_APP.encodingAESKey, this.plaintext(n), BENCH_APP.corpId);
    const nonce = `${n}${randomBytes(3).toString('hex')}`;
    const signature = getSignature(BENCH_APP.token, this.timestamp, nonce, ciphertext);
    return {
      path: `${BENCH_APP.path}?msg_signature=${signature}&timestamp=${this.timestamp}&nonce=${nonce}`,
      body:
        `<xml><ToUserName><![CDATA[${BENCH_APP.corpId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt>` +
        `<AgentID><![CDATA[${BENCH_APP.agentId}]]></AgentID></xml>`,
    };
  }
}
