// `npm run bench:reliability [-- <fuzz operations> <kills>]`: the long reliability runs in real Chromium,
// apart from `npm test`: the public-API fuzz against its model (default 10,000 operations) and the
// killed-page harness at random moments (default 30 kills). Each picks a fresh seed and prints it; rerun a
// failure with PHOENIX_FUZZ_SEED=<seed> or PHOENIX_RELIABILITY_SEED=<seed>.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const VITEST = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const [fuzzOps = "10000", kills = "30"] = process.argv.slice(2);
const fuzzSeed = process.env.PHOENIX_FUZZ_SEED ?? String(Date.now() % 1_000_000);
const killSeed = process.env.PHOENIX_RELIABILITY_SEED ?? String((Date.now() >> 3) % 1_000_000);

console.log(`reliability bench: fuzz ${fuzzOps} operations (seed ${fuzzSeed}), ${kills} killed pages (seed ${killSeed})`);
const result = spawnSync(
  process.execPath,
  [VITEST, "run", "-c", "vitest.e2e.config.ts", "test/e2e/reliability-fuzz.e2e.test.ts", "test/e2e/reliability-kill.e2e.test.ts"],
  {
    cwd: REPO_ROOT,
    stdio: "inherit",
    env: {
      ...process.env,
      PHOENIX_FUZZ_OPS: fuzzOps,
      PHOENIX_FUZZ_SEED: fuzzSeed,
      PHOENIX_RELIABILITY_KILLS: kills,
      PHOENIX_RELIABILITY_SEED: killSeed,
    },
  },
);
if (result.status !== 0) console.error(`reliability bench FAILED: fuzz seed ${fuzzSeed}, kill seed ${killSeed}`);
process.exit(result.status ?? 1);
