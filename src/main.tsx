/**
 * Page entry: renders the app, opens the database, exposes it for tests and development (never on a
 * deployed host, see ui/lib/expose.ts), and
 * registers the service worker. Updates are applied only on the user's click (see workers/sw.ts).
 */
import { render } from "preact";
import { Workbox } from "workbox-window";
import { activeProfile, DEFAULT_DB_NAME, findRecoverySnapshot, isPhoenixError, openPhoenix, restoreSnapshotAfterFailedOpen, type Phoenix } from "./index.js";
import { mayExposeFacade } from "./ui/lib/expose.js";
import { App, type AppState } from "./ui/App/index.js";

function appRoot(): HTMLElement {
  const element = document.getElementById("app");
  if (!element) throw new Error("index.html has no #app element");
  return element;
}

const root = appRoot();

let state: AppState = { status: "opening", buildId: __PHOENIX_BUILD_ID__, updateAvailable: false };
let applyUpdate: () => void = () => location.reload();

function paint(patch: Partial<AppState>): void {
  state = { ...state, ...patch };
  render(
    <App {...state} onApplyUpdate={() => applyUpdate()} onReload={() => location.reload()} onRestoreSnapshot={restoreSnapshot} />,
    root,
  );
}

async function restoreSnapshot(id: string): Promise<void> {
  await restoreSnapshotAfterFailedOpen(await activeProfile().catch(() => DEFAULT_DB_NAME), id);
  location.reload();
}

let current: Phoenix | undefined;

/** Opens the active profile (or `name`), replacing the one open before. */
async function openDatabase(name?: string): Promise<void> {
  const html = document.documentElement;
  try {
    current?.close();
    current = undefined;
    const phoenix = await openPhoenix({
      // A registry that cannot be read (storage refused) leaves the default profile, whose own open then
      // reports why in the typed way the start page understands.
      name: name ?? (await activeProfile().catch(() => DEFAULT_DB_NAME)),
      onVersionChange: (reason) => paint({ closedBy: reason }),
      // The switch is recorded; this page reopens on the new profile in place.
      onProfileSwitch: (next) => openDatabase(next),
    });
    current = phoenix;
    if (exposeFacade) window.phoenix = phoenix;
    paint({ status: "open", phoenix });
    html.dataset.ready = "true";
    html.dataset.profile = phoenix.name;
    performance.mark("phoenix-ready");
    // Vital Pulse: scheduled snapshots while the app is open (interval and count set on the Settings page).
    phoenix.backups.pulse.start().catch((error: unknown) => console.warn("Vital Pulse snapshots did not start:", error));
    // Hyperspace retention: a sweep now and every minute, in one tab of the origin at a time (Web Locks).
    phoenix.cache.startRetention();
    // Expired memories are swept and often-recalled ones consolidated, in one tab of the profile.
    phoenix.sweeper.start();
    // A store that no longer reads is found now, not when the user next needs it; the banner leads to
    // the Backups page, which offers the newest snapshot that passes every check.
    phoenix.backups
      .checkHealth()
      .then((report) => {
        if (!report.healthy) paint({ health: report });
      })
      .catch((error: unknown) => console.warn("The database check did not run:", error));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    html.dataset.ready = "false";
    html.dataset.error = message;
    const code = isPhoenixError(error) ? error.code : undefined;
    html.dataset.errorCode = code ?? "";
    paint({ status: "failed", error: message, errorCode: code });
    // A database that exists but does not open: the snapshots database may still hold a good copy.
    if (code !== "DB_UNAVAILABLE" && code !== "DB_BLOCKED" && code !== "DB_VERSION_NEWER") {
      findRecoverySnapshot(await activeProfile().catch(() => DEFAULT_DB_NAME))
        .then((recovery) => paint({ recovery }))
        .catch((failure: unknown) => console.warn("No snapshot could be looked up:", failure));
    }
  }
}

// Recall counts still in memory are written when the page is hidden (closed, switched away from).
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") void current?.cortex.flushStats().catch(() => undefined);
});

function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  // From the app's base, not the page's path: a page at a nested path would otherwise register a
  // worker at that path (which does not exist) with a scope of only that path.
  const workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`);
  let updateRequested = false;
  // A new build finished installing and waits for this page's word.
  workbox.addEventListener("waiting", () => paint({ updateAvailable: true }));
  workbox.addEventListener("controlling", (event) => {
    if (updateRequested) location.reload();
    // Another tab applied the update: this page still runs the old build, so offer the reload
    // rather than doing it under the user.
    else if (event.isUpdate) paint({ updateAvailable: true });
  });
  applyUpdate = () => {
    updateRequested = true;
    void navigator.serviceWorker.getRegistration().then((registration) => {
      if (registration?.waiting) workbox.messageSkipWaiting();
      else location.reload();
    });
  };
  // Long-lived tabs (an installed app stays open for days) look for a new build when shown again.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void workbox.update();
  });
  workbox.register().catch((error: unknown) => console.warn("Service worker registration failed", error));
}

const exposeFacade = mayExposeFacade(location.hostname, import.meta.env.DEV);
if (exposeFacade) window.openPhoenix = openPhoenix;
paint({});
void openDatabase();
registerServiceWorker();
