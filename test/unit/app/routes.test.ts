import { describe, expect, test } from "vitest";
import { currentPath, findRoute, ROUTES } from "../../../src/ui/App/routes.js";

describe("hash routes", () => {
  test("the path is what follows '#', without a query, always starting with '/'", () => {
    expect(currentPath("")).toBe("/");
    expect(currentPath("#")).toBe("/");
    expect(currentPath("#/")).toBe("/");
    expect(currentPath("#/memory")).toBe("/memory");
    expect(currentPath("#memory")).toBe("/memory");
    expect(currentPath("#/vaults?prefix=fact:")).toBe("/vaults");
  });

  test("every route has a unique path starting with '/' and a title", () => {
    const paths = ROUTES.map((route) => route.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const route of ROUTES) {
      expect(route.path.startsWith("/")).toBe(true);
      expect(route.title.length).toBeGreaterThan(0);
    }
  });

  test("the overview is at '/', and an unknown path finds no route", () => {
    expect(findRoute("/")?.title).toBe("Overview");
    expect(findRoute("/no-such-page")).toBeUndefined();
    for (const route of ROUTES) expect(findRoute(currentPath(`#${route.path}`))).toBe(route);
  });
});
