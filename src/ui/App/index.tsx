/** The app shell: header and nav, banners (newer tab, update available), the current hash route. */
import { useEffect, useState } from "preact/hooks";
import type { HealthReport, Phoenix, SnapshotInfo } from "../../index.js";
import { NotFound } from "../NotFound/index.js";
import { StartFailure } from "../StartFailure/index.js";
import { SkipLink } from "../SkipLink/index.js";
import { currentPath, findRoute, ROUTES } from "./routes.js";
import "./style.css";

export interface AppState {
  status: "opening" | "open" | "failed";
  phoenix?: Phoenix;
  error?: string;
  /** The PhoenixError code of a failed open (DB_UNAVAILABLE shows its own page). */
  errorCode?: string | undefined;
  /** After a failed open: the newest good snapshot, offered for a restore. */
  recovery?: SnapshotInfo | undefined;
  buildId: string;
  /**
   * Our connection was closed: another tab opened a newer database version ("versionchange"), or
   * the browser closed it ("terminated"). Either way the page must reload.
   */
  closedBy?: "versionchange" | "terminated";
  /** A new build is installed and waits for the user's word. */
  updateAvailable: boolean;
  /** The start-up check found stores that do not read. */
  health?: HealthReport;
}

export interface AppProps extends AppState {
  onApplyUpdate(): void;
  onReload(): void;
  onRestoreSnapshot?(id: string): Promise<void>;
}

function useHashPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onChange = () => setPath(currentPath());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return path;
}

/** The app lives at its base path ("/" or "/index.html"); any other path is an address it does not have. */
function isAppPath(pathname = location.pathname): boolean {
  const base = import.meta.env.BASE_URL;
  return pathname === base || pathname === `${base}index.html`;
}

export function App(props: AppProps) {
  const path = useHashPath();
  const atApp = isAppPath();
  const route = atApp ? findRoute(path) : undefined;
  // At the app's own path a link changes only the hash (no reload); elsewhere it leads back to the app.
  const linkBase = atApp ? "" : import.meta.env.BASE_URL;
  useEffect(() => {
    document.title = route ? `${route.title} · Phoenix Memory` : "Page not found · Phoenix Memory";
  }, [route]);

  return (
    <div class="app">
      <SkipLink />
      <header class="app-header">
        <h1>Phoenix Memory</h1>
        <nav aria-label="Pages">
          {ROUTES.map((item) => (
            <a key={item.path} href={`${linkBase}#${item.path}`} aria-current={item === route ? "page" : undefined}>
              {item.title}
            </a>
          ))}
        </nav>
      </header>

      {props.closedBy && (
        <div class="banner" role="alert" data-banner="version-change">
          <span>
            {props.closedBy === "versionchange"
              ? "A newer version was opened in another tab — reload."
              : "The browser closed the database — reload."}
          </span>
          <button type="button" onClick={props.onReload}>
            Reload
          </button>
        </div>
      )}
      {props.updateAvailable && !props.closedBy && (
        <div class="banner" role="status" data-banner="update">
          <span>Update available — reload to use the new version.</span>
          <button type="button" onClick={props.onApplyUpdate}>
            Reload
          </button>
        </div>
      )}

      {props.health && !props.health.healthy && !props.closedBy && (
        <div class="banner" role="alert" data-banner="health">
          <span>
            Some stores could not be read ({props.health.problems.map((problem) => problem.store).join(", ")}).
            {props.health.offer ? " A good snapshot can be restored." : " Import a backup to recover."}
          </span>
          <a href="#/backups">Go to Backups</a>
        </div>
      )}

      <main class="app-main" id="main" tabIndex={-1}>
        {props.status === "opening" && <p aria-live="polite">Opening the database…</p>}
        {props.status === "failed" && (
          <StartFailure
            error={props.error ?? "unknown error"}
            code={props.errorCode}
            recovery={props.recovery}
            onRestore={props.onRestoreSnapshot ?? (() => Promise.resolve())}
            onReload={props.onReload}
          />
        )}
        {props.status === "open" && props.phoenix && !props.closedBy &&
          (route ? <route.Page phoenix={props.phoenix} /> : <NotFound address={atApp ? `#${path}` : location.pathname} />)}
      </main>

      <footer class="app-footer">
        Build <span data-build-id={props.buildId}>{props.buildId}</span>
      </footer>
    </div>
  );
}
