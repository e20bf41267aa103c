/** What a handler knows about the callback besides its payload (the second argument of every handler). */
export interface WeComContext {
  /** The app's name: `'default'` in the single-app form. */
  readonly app: string;
  /** The app's CorpID as configured. */
  readonly corpId: string;
  /** The app's AgentId as configured, if any. */
  readonly agentId?: string;
  /** The decrypted plaintext exactly as WeCom sent it. */
  readonly rawXml: string;
  /** The trailing id found inside the ciphertext (PROTOCOL.md §1.5); the CorpID for self-built apps. */
  readonly receiveId: string;
  /** The signed `timestamp` query parameter. */
  readonly timestamp: string;
  /** The signed `nonce` query parameter. */
  readonly nonce: string;
  /** The `msg_signature` query parameter (already verified). */
  readonly signature: string;
}
