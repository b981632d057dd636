// Builds the bench page (test/bench/index.html + page.ts + every suite) for test/bench/run.mjs.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  define: {
    __PHOENIX_BUILD_ID__: JSON.stringify("bench"),
  },
  build: {
    outDir: fileURLToPath(new URL("../../bench-results/page", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // Stack traces of a failing suite should point at readable code.
    minify: false,
    sourcemap: true,
    // Build-time profiling notes are noise in a benchmark's output.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: "es" },
  // The app's public files (the Context Engine lexicon), so the worker loads it as in the app.
  publicDir: fileURLToPath(new URL("../../public", import.meta.url)),
  server: { host: "127.0.0.1", fs: { allow: [fileURLToPath(new URL("../..", import.meta.url))] } },
});
