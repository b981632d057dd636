export interface StaticServer {
  /** Base URL ending in "/", e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  /** Serve another folder from now on (same origin: what a new deployment looks like to the browser). */
  setRoot(dir: string): void;
  close(): Promise<void>;
}

/** Serves `rootDir` on 127.0.0.1 at a free port; `cors` adds access-control-allow-origin: *. */
export declare function startStaticServer(rootDir: string, options?: { cors?: boolean }): Promise<StaticServer>;
