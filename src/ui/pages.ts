/**
 * The app's pages in nav order, for App/routes.ts. Each page's code loads on first visit (LazyPage),
 * which keeps the app shell small; the page the app opens on starts loading at once, while the
 * database opens, so the first render does not wait for it.
 */
import { currentPath, type Route } from "./lib/route.js";
import { lazyPage, type LazyPageComponent } from "./LazyPage/index.js";

interface PageRoute extends Route {
  Page: LazyPageComponent;
}

export const PAGE_ROUTES: readonly PageRoute[] = [
  { path: "/", title: "Overview", Page: lazyPage(() => import("./Overview/index.js").then((m) => m.OverviewPage)) },
  { path: "/memory", title: "Memory", Page: lazyPage(() => import("./Memory/index.js").then((m) => m.MemoryPage)) },
  { path: "/vaults", title: "Vaults", Page: lazyPage(() => import("./Vaults/index.js").then((m) => m.VaultsPage)) },
  { path: "/search", title: "Search", Page: lazyPage(() => import("./Search/index.js").then((m) => m.SearchPage)) },
  { path: "/streams", title: "Streams", Page: lazyPage(() => import("./Streams/index.js").then((m) => m.StreamsPage)) },
  { path: "/backups", title: "Backups", Page: lazyPage(() => import("./Backups/index.js").then((m) => m.BackupsPage)) },
  { path: "/settings", title: "Settings", Page: lazyPage(() => import("./Settings/index.js").then((m) => m.SettingsPage)) },
];

if (typeof location !== "undefined") {
  const path = currentPath();
  PAGE_ROUTES.find((route) => route.path === path)?.Page.preload();
}
