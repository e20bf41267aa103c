export declare const BENCH_APP: Readonly<{
  corpId: string;
  token: string;
  encodingAESKey: string;
  agentId: string;
  path: string;
}>;
