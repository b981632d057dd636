import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/unit/**/*.test.tsx"],
    setupFiles: ["test/setup.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
