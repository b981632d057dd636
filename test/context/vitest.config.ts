import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/context/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
  },
});
