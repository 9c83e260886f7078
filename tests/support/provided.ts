/** What the global setup provides to every test file (`inject('serverUrl')`), typed for both sides. */
declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

export {};
