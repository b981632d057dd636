import { describe, expect, it } from "vitest";
import { mayExposeFacade } from "../../../src/ui/lib/expose.js";

describe("window.phoenix exposure", () => {
  it("is on for development builds and loopback hosts only", () => {
    for (const host of ["127.0.0.1", "localhost", "[::1]", "LOCALHOST"]) expect(mayExposeFacade(host, false)).toBe(true);
    for (const host of ["phoenix.example.org", "192.168.1.10", "127.0.0.1.example.org", "localhost.evil.test", ""]) {
      expect(mayExposeFacade(host, false)).toBe(false);
    }
    expect(mayExposeFacade("phoenix.example.org", true)).toBe(true);
  });
});
