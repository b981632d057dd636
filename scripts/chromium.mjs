// Finds Debian's Chromium for the browser tests and the benchmarks, and installs it with apt when
// we are root on a Debian machine without it. Shared by test/e2e/global-setup.ts and test/bench/run.mjs.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

/**
 * Flags every headless run uses. --no-sandbox because tests often run as root in containers,
 * where Chromium refuses to start sandboxed; the rest keep background traffic out of measurements.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The real binary first: /usr/bin/chromium is a shell wrapper that adds flags we do not want.
const CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

const HOW_TO_INSTALL =
  "Chromium was not found. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) " +
  "or point CHROMIUM_PATH at a Chromium or Chrome binary, then run the command again.";

function onPath(name) {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  const path = found.status === 0 ? found.stdout.trim() : "";
  return path && existsSync(path) ? path : undefined;
}

/** The first usable Chromium binary, or undefined. $CHROMIUM_PATH wins when set. */
export function locateChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  return CANDIDATES.find((path) => existsSync(path)) ?? onPath("chromium") ?? onPath("chromium-browser");
}

function canAptInstall() {
  return typeof process.getuid === "function" && process.getuid() === 0 && existsSync("/usr/bin/apt-get");
}

/** A Chromium binary path; installs Chromium with apt-get when missing and allowed, else throws how to install. */
export function ensureChromium() {
  const found = locateChromium();
  if (found) return found;
  if (!canAptInstall()) throw new Error(HOW_TO_INSTALL);
  console.log("Chromium not found: installing it with `apt-get update && apt-get install -y chromium` (about 70 s)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    const run = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${run.status}). ${HOW_TO_INSTALL}`);
  }
  const installed = locateChromium();
  if (!installed) throw new Error(`apt-get installed chromium but no binary was found. ${HOW_TO_INSTALL}`);
  return installed;
}
