// A tiny static file server over a build folder, used by the browser tests and the bench runner.
// vite preview would do for one build, but the update-prompt test swaps the served folder under a
// running origin (a new deployment at the same URL), which `setRoot` allows. Like vite preview (what
// `npm start` runs), a page path that names no file ("/some/other/path") gets index.html: the app
// then shows its own not-found page.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const MIME_TYPES = {
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

async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
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

/**
 * Serves `rootDir` on 127.0.0.1 at a free port. `cors: true` lets pages of another origin read the
 * files (the browser tests serve a model this way, as the model hub does).
 */
export async function startStaticServer(rootDir, options = {}) {
  let root = resolve(rootDir);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const pageRequest = extname(path) === "" && (request.headers.accept ?? "").includes("text/html");
    resolveFile(root, path)
      .then((file) => (file || !pageRequest ? file : resolveFile(root, "/index.html")))
      .then(async (file) => {
        if (!file || (request.method !== "GET" && request.method !== "HEAD")) {
          response.writeHead(file ? 405 : 404, { "content-type": "text/plain", ...(options.cors ? { "access-control-allow-origin": "*" } : {}) });
          response.end(file ? "method not allowed" : "not found");
          return;
        }
        const body = await readFile(file);
        response.writeHead(200, {
          "content-type": MIME_TYPES[extname(file)] ?? "application/octet-stream",
          "content-length": body.length,
          // Always revalidate, so a swapped root is seen at once by update checks.
          "cache-control": "no-cache",
          ...(options.cors ? { "access-control-allow-origin": "*" } : {}),
        });
        response.end(request.method === "HEAD" ? undefined : body);
      })
      .catch((error) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(String(error));
      });
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    setRoot(dir) {
      root = resolve(dir);
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
