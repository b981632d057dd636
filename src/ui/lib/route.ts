/**
 * What a page is to the router: the props every page takes, a route's shape, and how a location's hash
 * names a route. Kept apart from App/routes.ts (the list of routes) so that the pages and the list can
 * both use them without importing each other.
 */
import type { ComponentType } from "preact";
import type { Phoenix } from "../../index.js";

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

/** The route path in the current location ("#/memory?x" → "/memory"). */
export function currentPath(hash = location.hash): string {
  const path = hash.replace(/^#/, "").split("?")[0] ?? "";
  return path.startsWith("/") ? path : `/${path}`;
}
