/**
 * The app's pages, one hash route each ("#/", "#/memory", …). To add a page: write its component
 * in src/ui/<Page>/index.tsx taking PageProps, and append it to src/ui/pages.ts; the nav follows that list.
 */
import type { ComponentType } from "preact";
import type { Phoenix } from "../../index.js";
import { PAGE_ROUTES } from "../pages.js";

export interface PageProps {
  phoenix: Phoenix;
}

export interface Route {
  /** Path after "#", starting with "/". */
  path: string;
  /** Nav label and document title. */
  title: string;
  Page: ComponentType<PageProps>;
}

export const ROUTES: readonly Route[] = PAGE_ROUTES;

/** The route path in the current location ("#/memory?x" → "/memory"). */
export function currentPath(hash = location.hash): string {
  const path = hash.replace(/^#/, "").split("?")[0] ?? "";
  return path.startsWith("/") ? path : `/${path}`;
}

export function findRoute(path: string): Route | undefined {
  return ROUTES.find((route) => route.path === path);
}
