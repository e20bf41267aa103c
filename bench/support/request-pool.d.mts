export interface PooledRequest {
  /** Path with the signed query: `/wecom/callback?msg_signature=…&timestamp=…&nonce=…`. */
  path: string;
  /** The `<xml><ToUserName/><Encrypt/><AgentID/></xml>` envelope. */
  body: string;
}

export declare class RequestPool {
  constructor(kind: 'text' | 'event', size: number);
  readonly kind: 'text' | 'event';
  readonly requests: PooledRequest[];
  used: number;
  get size(): number;
  next(): PooledRequest;
  get wrapped(): number;
}
