// What the global set-up hands to the tests through vitest's provide/inject.
export interface ContractTarget {
  /** `mock`: Prism answers from the spec. `server`: Prism validates a real server's answers. */
  mode: 'mock' | 'server';
  /** Where the tests send requests: always the Prism in front. */
  baseUrl: string;
  apiKey: string;
  /** A partner that exists on the server, for creating customers. */
  partnerKey: string;
  prismPid: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    contractTarget: ContractTarget;
  }
}
