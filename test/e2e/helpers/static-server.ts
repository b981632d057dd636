/**
 * A tiny static file server over a built app, for the browser tests. vite preview would do for one
 * build, but the update-prompt test needs to swap the served folder under a running origin (a new
 * deployment at the same URL), which this server allows with `setRoot`.
 */
import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";

const MIME_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

export interface StaticServer {
  /** Base URL ending in "/", e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  /** Serve another folder from now on (same origin: what a new deployment looks like to the browser). */
  setRoot(dir: string): void;
  close(): Promise<void>;
}

async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  const decoded = decodeURIComponent(urlPath);
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  try {
    const info = await stat(candidate);
    if (info.isFile()) return candidate;
    if (info.isDirectory()) {
      const index = join(candidate, "index.html");
      return (await stat(index)).isFile() ? index : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export async function startStaticServer(rootDir: string): Promise<StaticServer> {
  let root = resolve(rootDir);
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    void resolveFile(root, path).then(async (file) => {
      if (!file || (request.method !== "GET" && request.method !== "HEAD")) {
        response.writeHead(file ? 405 : 404, { "content-type": "text/plain" });
        response.end(file ? "method not allowed" : "not found");
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": MIME_TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        // Always revalidate, so a swapped root is seen at once by update checks.
        "cache-control": "no-cache",
      });
      response.end(request.method === "HEAD" ? undefined : body);
    }).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end(String(error));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    setRoot(dir) {
      root = resolve(dir);
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
