import type { WeComAppKind } from '../apps/app-kind.js';
import type { RouteKeying } from '../routing/route-keying.js';
import type { CallbackResponse } from './callback-response.js';
import type { HandlerReply } from './handler-reply.js';
import type { InboundCallback } from './inbound-callback.js';

/**
 * Everything that differs between callback families (PROTOCOL.md §3.2, §4, §5.1), in one object per
 * family, chosen once per app at boot (callback-families.ts). The request path (http/) does the rest
 * the same way for all of them: query, signature, timestamp, decryption with the app's receiveid.
 *
 * To add a family: a folder here with a class implementing this interface, an entry in
 * CallbackFamilies, and its kind in apps/app-kind.ts and config/resolve-apps.ts.
 */
export interface CallbackFamily<Reply extends HandlerReply = HandlerReply> extends RouteKeying {
  readonly kind: WeComAppKind;
  /**
   * The ciphertext from the POST body, exactly as received (the signature covers it), found by a strict
   * scan for this family's envelope: the body is not authenticated yet, so no general parser runs on
   * it. Throws WeComProtocolError(-40002) for any body that is not this family's envelope.
   */
  readEncrypt(body: Buffer): string;
  /** The decrypted (authenticated) plaintext → the payload the handlers get. Throws WeComProtocolError when malformed. */
  parse(plaintext: string): Record<string, unknown>;
  /** The callback's identity for logs (`text MsgId=123`). */
  describe(payload: Record<string, unknown>): string;
  /** The authorising corp of a data callback, which its receiveid is (PROTOCOL.md §1.5); undefined for other families. */
  authCorpIdOf(receiveId: string): string | undefined;
  /** A handler's result → this family's reply, or undefined for none. Throws TypeError for a result it cannot send. */
  toReply(result: unknown, payload: Record<string, unknown>): Reply | undefined;
  /** Built-in work before the handlers (a suite ticket, a bot stream poll); a response returned here answers without them. */
  beforeDispatch?(inbound: InboundCallback): Promise<CallbackResponse | undefined>;
  /** The HTTP answer for the reply this family's `toReply` made (undefined: none of the handlers replied). */
  respond(reply: Reply | undefined, inbound: InboundCallback): CallbackResponse;
}
