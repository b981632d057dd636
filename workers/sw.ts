/**
 * The service worker: precaches the whole build (app shell, worker chunks, wasm, icons), serves it
 * cache-first so the app opens with no network, and falls back to index.html for navigations.
 *
 * Updates: a new build installs next to the old one and WAITS. The page shows "Update available"
 * and only when the user clicks does it post SKIP_WAITING (workbox-window's messageSkipWaiting);
 * the new worker then activates, removes the old caches and claims the page, which reloads.
 * Never skipping on its own keeps a half-written form from being reloaded under the user.
 */
/// <reference lib="webworker" />

interface PrecacheEntry {
  url: string;
  revision: string | null;
}

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

const CACHE_PREFIX = "phoenix-precache-";

// vite-plugin-pwa replaces the next identifier with the list of built files and their revisions.
const precacheEntries: PrecacheEntry[] = self.__WB_MANIFEST.map((entry) =>
  typeof entry === "string" ? { url: entry, revision: null } : entry,
);

/** FNV-1a over every url and revision: a new build gets a new cache, an identical one keeps it. */
function buildHash(entries: readonly PrecacheEntry[]): string {
  let hash = 0x811c9dc5;
  for (const { url, revision } of entries) {
    for (const char of `${url}\u0000${revision ?? ""}\u0001`) {
      hash ^= char.codePointAt(0) ?? 0;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash.toString(16).padStart(8, "0");
}

const CACHE_NAME = `${CACHE_PREFIX}${buildHash(precacheEntries)}`;
const precachedUrls = new Set(precacheEntries.map(({ url }) => new URL(url, self.location.href).href));
const APP_SHELL_URL = new URL("index.html", self.registration.scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE_NAME);
      // cache: "reload" skips the HTTP cache, so a new build never precaches a stale file.
      await cache.addAll([...precachedUrls].map((url) => new Request(url, { cache: "reload" })));
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name)),
      );
      // Controls the first visit's page too, so it works offline without a second load.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data: unknown = event.data;
  if (typeof data === "object" && data !== null && (data as { type?: unknown }).type === "SKIP_WAITING") {
    void self.skipWaiting();
  }
});

async function fromPrecache(url: string): Promise<Response | undefined> {
  const cache = await caches.open(CACHE_NAME);
  return cache.match(url);
}

/**
 * The sentence-model runtime (onnxruntime-web) stays out of the precache: only those who turn a
 * model on fetch it, once, and from then on it comes from this cache, offline too. A new build's
 * runtime has new hashed names; the old entries are dropped when a new runtime file is cached.
 */
const MODEL_RUNTIME_CACHE = "phoenix-model-runtime";
const MODEL_RUNTIME_FILE = /\/assets\/(model-runtime-[^/]+\.js|ort-wasm-[^/]+\.wasm)$/;

async function fromRuntimeCache(request: Request): Promise<Response> {
  const cache = await caches.open(MODEL_RUNTIME_CACHE);
  const cached = await cache.match(request.url);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const stale = (await cache.keys()).filter((old) => !precachedUrls.has(old.url) && old.url !== request.url && sameKind(old.url, request.url));
    await Promise.all(stale.map((old) => cache.delete(old)));
    await cache.put(request.url, response.clone());
  }
  return response;
}

/** Two runtime files of the same kind (the JS loader, the wasm) from different builds. */
function sameKind(a: string, b: string): boolean {
  const kind = (url: string) => (url.endsWith(".wasm") ? "wasm" : "js");
  return kind(a) === kind(b);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  url.hash = "";
  if (MODEL_RUNTIME_FILE.test(url.pathname)) {
    event.respondWith(fromRuntimeCache(request));
    return;
  }
  const isNavigation = request.mode === "navigate";
  const precachedUrl = precachedUrls.has(url.href) ? url.href : isNavigation ? APP_SHELL_URL : undefined;
  if (!precachedUrl) return;
  event.respondWith(
    (async () => (await fromPrecache(precachedUrl)) ?? fetch(request))(),
  );
});

export {};
