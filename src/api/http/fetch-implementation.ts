/**
 * The fetch to use, and the FormData class that goes with it. Without a proxy, Node's own fetch
 * (undici inside Node). With one, the `undici` package's fetch and a ProxyAgent dispatcher: Node 20
 * exposes no ProxyAgent, and a dispatcher from the package is only guaranteed to work with the
 * package's own fetch (and its own FormData), so they are taken together.
 */
export interface FetchImplementation {
  readonly fetch: typeof globalThis.fetch;
  readonly FormData: typeof globalThis.FormData;
  /** Closes the proxy's connections (nothing to close without one). */
  close(): Promise<void>;
}

export const NODE_FETCH: FetchImplementation = {
  fetch: (input, init) => globalThis.fetch(input, init),
  FormData: globalThis.FormData,
  close: async () => undefined,
};

interface UndiciModule {
  fetch: (input: string, init: Record<string, unknown>) => Promise<Response>;
  FormData: typeof globalThis.FormData;
  ProxyAgent: new (url: string) => { close(): Promise<void> };
}

/** Loaded on first use, so that users without a proxy never need the optional `undici` package. */
export async function proxiedFetch(proxyUrl: string): Promise<FetchImplementation> {
  let undici: UndiciModule;
  try {
    undici = (await import('undici')) as unknown as UndiciModule;
  } catch {
    throw new Error('WeComModule: option "api.proxy" needs the "undici" package: npm install undici');
  }
  const dispatcher = new undici.ProxyAgent(proxyUrl);
  return {
    fetch: ((input: string, init?: RequestInit) => undici.fetch(input, { ...init, dispatcher })) as typeof globalThis.fetch,
    FormData: undici.FormData,
    close: () => dispatcher.close(),
  };
}
