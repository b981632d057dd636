/**
 * The app's pages in nav order, for App/routes.ts. The first page is in the shell; the others load
 * their code on first visit (LazyPage).
 */
import type { Route } from "./App/routes.js";
import { lazyPage } from "./LazyPage/index.js";
import { OverviewPage } from "./Overview/index.js";

export const PAGE_ROUTES: readonly Route[] = [
  { path: "/", title: "Overview", Page: OverviewPage },
  { path: "/memory", title: "Memory", Page: lazyPage(() => import("./Memory/index.js").then((m) => m.MemoryPage)) },
  { path: "/vaults", title: "Vaults", Page: lazyPage(() => import("./Vaults/index.js").then((m) => m.VaultsPage)) },
  { path: "/search", title: "Search", Page: lazyPage(() => import("./Search/index.js").then((m) => m.SearchPage)) },
  { path: "/streams", title: "Streams", Page: lazyPage(() => import("./Streams/index.js").then((m) => m.StreamsPage)) },
  { path: "/backups", title: "Backups", Page: lazyPage(() => import("./Backups/index.js").then((m) => m.BackupsPage)) },
];
