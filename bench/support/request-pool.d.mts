export interface PooledRequest {
  /** Path with the signed query: `/wecom/callback?msg_signature=…&timestamp=…&nonce=…`. */
  path: string;
  /** The `<xml><ToUserName/><Encrypt/><AgentID/></xml>` envelope. */
  body: string;
}

export declare class RequestPool {
  constructor(kind: 'text' | 'event', size: number, options?: { reusable?: boolean });
  readonly kind: 'text' | 'event';
  readonly reusable: boolean;
  readonly requests: PooledRequest[];
  used: number;
  /** Requests built on demand after the prepared ones ran out (still distinct messages). */
  late: number;
  get size(): number;
  next(): PooledRequest;
  get repeats(): number;
}
