// The app build: Preact, the service worker (vite-plugin-pwa, injectManifest from workers/sw.ts)
// and the web app manifest. base "/" (absolute asset paths): a page at a nested path such as
// /some/other/path, which the server and the service worker answer with index.html, still finds its
// scripts and styles, and shows the app's not-found page rather than a blank one. To serve the app
// under a sub-path, build with PHOENIX_BASE=/that/path/.
import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";
import preact from "@preact/preset-vite";
import { VitePWA } from "vite-plugin-pwa";

const packageVersion = (JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string })
  .version;
/** Shown in the page footer; a different id per deployment makes the update prompt testable. */
const buildId = process.env.PHOENIX_BUILD_ID ?? packageVersion;

const THEME_COLOR = "#e8592b";
const BACKGROUND_COLOR = "#1b1033";

/**
 * index.html carries a strict CSP. The dev server injects inline styles (CSS hot reload), so
 * only `vite` (serve) relaxes style-src; the build keeps the strict policy.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: "phoenix:dev-csp",
    apply: "serve",
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  base: process.env.PHOENIX_BASE ?? "/",
  define: {
    __PHOENIX_BUILD_ID__: JSON.stringify(buildId),
  },
  build: {
    target: "es2022",
    outDir: "dist",
    rolldownOptions: {
      output: {
        codeSplitting: {
          // idb and the schema/write code the app shell opens the database with, kept as one chunk (with
          // what they import, errors.ts). Without this group, each lazy chunk that reaches only part of
          // it (the in-page search fallback's model manager needs idb alone) splits it into another
          // small file that index.html preloads: more shell files and bytes for no code of its own.
          groups: [{ name: "write", test: /node_modules[\\/]idb[\\/]|src[\\/]db[\\/](schema|write|meta-keys)\.ts$/ }],
        },
      },
    },
  },
  worker: {
    format: "es",
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  plugins: [
    preact(),
    relaxCspForDevServer(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "workers",
      filename: "sw.ts",
      // main.tsx registers through workbox-window, so the plugin injects nothing (no inline script).
      injectRegister: false,
      injectManifest: {
        rollupFormat: "iife",
        // Every asset: app shell, worker chunks, wasm, icons, the Context Engine lexicon. Offline from the second visit on.
        globPatterns: ["**/*.{js,css,html,wasm,png,svg,ico,webmanifest,json,woff2,txt,i8}"],
        // The sentence-model runtime (onnxruntime-web, ~14 MB of wasm) is for those who turn a model on:
        // the service worker caches it on first use instead (workers/sw.ts, MODEL_RUNTIME_CACHE).
        globIgnores: ["**/model-runtime-*.js", "**/ort-wasm-*.wasm"],
        // Wasm and model files can be large; the default 2 MiB cap would silently skip them.
        maximumFileSizeToCacheInBytes: 50 * 1024 * 1024,
      },
      manifest: {
        name: "Phoenix Memory",
        short_name: "Phoenix",
        description: "The memory of a personal AI companion, kept on this device and usable offline.",
        id: "./",
        start_url: "./",
        scope: "./",
        display: "standalone",
        orientation: "any",
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        icons: [
          { src: "icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
});
