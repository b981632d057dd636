// Browser tests: real Chromium (playwright-core) against the built app. `npm run test:e2e`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["test/e2e/global-setup.ts"],
    // One Chromium at a time: two cores, and IndexedDB timings get erratic under contention.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
  },
});
