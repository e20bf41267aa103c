import type { CallbackResponse } from './callback-response.js';
import type { HandlerReply } from './handler-reply.js';
import type { InboundCallback } from './inbound-callback.js';

/**
 * What differs between callback families (PROTOCOL.md §3.2, §4.5, §5.1): the body's envelope, the
 * plaintext's format, built-in work before the handlers, and the answer. The processor does the rest
 * (query, signature, timestamp, decryption with the app's receiveid) the same way for all of them.
 */
export interface CallbackCodec {
  /** The ciphertext from the POST body, exactly as received (it is what the signature covers). */
  readEncrypt(body: string): string;
  /** The decrypted plaintext → the payload the handlers get. Throws WeComProtocolError when malformed. */
  parse(plaintext: string): Record<string, unknown>;
  /** A handler's result → this family's reply, or undefined for none. Throws TypeError for a result it cannot send. */
  toReply(result: unknown, payload: Record<string, unknown>): HandlerReply | undefined;
  /** Built-in work before the handlers; a response returned here answers the callback without them. */
  beforeDispatch?(inbound: InboundCallback): Promise<CallbackResponse | undefined>;
  /** The HTTP answer for the handlers' reply (undefined: none of them replied). */
  respond(reply: HandlerReply | undefined, inbound: InboundCallback): CallbackResponse;
}
