/**
 * The app's pages, one hash route each ("#/", "#/memory", …). To add a page: write its component
 * in src/ui/<Page>/index.tsx taking PageProps, and append it to src/ui/pages.ts; the nav follows that list.
 */
import type { Route } from "../lib/route.js";
import { PAGE_ROUTES } from "../pages.js";

export { currentPath, type PageProps, type Route } from "../lib/route.js";

export const ROUTES: readonly Route[] = PAGE_ROUTES;

export function findRoute(path: string): Route | undefined {
  return ROUTES.find((route) => route.path === path);
}
