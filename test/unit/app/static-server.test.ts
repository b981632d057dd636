import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startStaticServer, type StaticServer } from "../../../scripts/static-server.mjs";

describe("the static server the browser tests and benchmarks use", () => {
  let root: string;
  let other: string;
  let server: StaticServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "phoenix-static-"));
    other = await mkdtemp(join(tmpdir(), "phoenix-static-"));
    await mkdir(join(root, "assets"));
    await writeFile(join(root, "index.html"), "<p>one</p>");
    await writeFile(join(root, "sw.js"), "self.x = 1;");
    await writeFile(join(root, "manifest.webmanifest"), "{}");
    await writeFile(join(root, "assets", "a.wasm"), new Uint8Array([0, 97, 115, 109]));
    await writeFile(join(other, "index.html"), "<p>two</p>");
    await writeFile(join(tmpdir(), "phoenix-static-secret.txt"), "secret");
    server = await startStaticServer(root);
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
    await rm(other, { recursive: true, force: true });
    await rm(join(tmpdir(), "phoenix-static-secret.txt"), { force: true });
  });

  test("listens on 127.0.0.1 and serves each file with the MIME type browsers require", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const types = await Promise.all(
      ["", "sw.js", "manifest.webmanifest", "assets/a.wasm"].map(async (path) => {
        const response = await fetch(new URL(path, server.url));
        return [response.status, response.headers.get("content-type")];
      }),
    );
    expect(types).toEqual([
      [200, "text/html; charset=utf-8"],
      [200, "text/javascript; charset=utf-8"],
      [200, "application/manifest+json"],
      [200, "application/wasm"],
    ]);
  });

  test("answers 404 for missing files and for paths that climb out of the root", async () => {
    expect((await fetch(new URL("nope.js", server.url))).status).toBe(404);
    expect((await fetch(`${server.url}..%2Fphoenix-static-secret.txt`)).status).toBe(404);
    expect((await fetch(`${server.url}%E0%A4%A`)).status).toBe(404);
  });

  test("answers a page path that names no file with index.html, as vite preview does", async () => {
    const page = await fetch(new URL("some/other/path", server.url), { headers: { accept: "text/html" } });
    expect([page.status, await page.text()]).toEqual([200, "<p>one</p>"]);
    expect((await fetch(new URL("some/other/path", server.url))).status).toBe(404);
    expect((await fetch(new URL("some/other/x.js", server.url), { headers: { accept: "text/html" } })).status).toBe(404);
  });

  test("setRoot swaps the served folder at the same origin", async () => {
    server.setRoot(other);
    expect(await (await fetch(server.url)).text()).toBe("<p>two</p>");
    server.setRoot(root);
    expect(await (await fetch(server.url)).text()).toBe("<p>one</p>");
  });
});
