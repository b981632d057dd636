/**
 * Errors a person reads: whitespace-only content is refused with a typed error and writes nothing, the
 * Vital Pulse interval has a floor, and a detail that is a whole sentence replaces the generic message
 * (the code stays the same, for programs).
 */
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_MESSAGES, MIN_PULSE_INTERVAL_HOURS, PhoenixError } from "../../../src/index.js";
import { epmKey } from "../../../src/stores/cortex.js";
import { closeAll, openTestPhoenix } from "../../helpers/fixtures.js";

afterEach(closeAll);
const open = () => openTestPhoenix();

describe("PhoenixError messages", () => {
  it("appends a detail by default and replaces the message when asked, keeping the code", () => {
    const appended = new PhoenixError("INVALID_KEY", "More.");
    expect(appended.message).toBe(`${ERROR_MESSAGES.INVALID_KEY} More.`);
    const replaced = new PhoenixError("INVALID_KEY", "An EPM user name cannot contain ':'.", { replace: true });
    expect(replaced.message).toBe("An EPM user name cannot contain ':'.");
    expect(replaced.code).toBe("INVALID_KEY");
  });

  it("says one sentence for a bad EPM user and names no internal field for a stream", async () => {
    expect(() => epmKey("a:b")).toThrow(/^An EPM user name cannot contain .:.\.$/);
    const { cache } = await open();
    const error = await cache
      .storeCosmicData({ streamType: "", source: "s", data: "x", timestamp: 1 })
      .then(() => undefined, (failure: unknown) => failure as PhoenixError);
    expect(error?.code).toBe("INVALID_KEY");
    expect(error?.message).toBe("The stream name is empty: give it a name.");
    expect(error?.message).not.toContain("streamType");
  });
});

describe("whitespace-only content", () => {
  const blanks = ["", " ", "  \n\t ", "\u00a0\u2003"];

  it("refuses a blank memory text with INVALID_VALUE and writes nothing", async () => {
    const { cortex, counts } = await open();
    for (const text of blanks) {
      await expect(cortex.etch({ layer: "STM", text }, "stm:blank")).rejects.toMatchObject({
        code: "INVALID_VALUE",
        message: "The memory text is empty or only spaces: write something to keep.",
      });
      await expect(cortex.etchMany([[{ layer: "STM", text: "ok" }, "stm:ok"], [{ layer: "STM", text }, "stm:blank"]])).rejects.toMatchObject({
        code: "INVALID_VALUE",
      });
    }
    expect((await counts()).eternal_memory).toBe(0);
    await cortex.etch({ layer: "STM", text: "  padded  " }, "stm:kept");
    expect((await cortex.recall("stm:kept"))?.text).toBe("  padded  ");
  });

  it("refuses blank stream data with INVALID_VALUE and writes nothing", async () => {
    const { cache, counts } = await open();
    for (const data of blanks) {
      await expect(cache.storeCosmicData({ streamType: "s", source: "s", data, timestamp: 1 })).rejects.toMatchObject({ code: "INVALID_VALUE" });
      await expect(
        cache.storeCosmicBatch([
          { streamType: "s", source: "s", data: "ok", timestamp: 1 },
          { streamType: "s", source: "s", data, timestamp: 2 },
        ]),
      ).rejects.toMatchObject({ code: "INVALID_VALUE", message: "The stream data is empty or only spaces: write something to keep." });
    }
    expect((await counts()).hyperspace_cache).toBe(0);
  });
});

describe("Vital Pulse interval", () => {
  it("refuses intervals under 15 minutes with a clear message, accepts 15 minutes and 0 (off)", async () => {
    const { backups } = await open();
    expect(MIN_PULSE_INTERVAL_HOURS).toBe(0.25);
    for (const intervalHours of [0.001, 0.1, 0.2499]) {
      await expect(backups.pulse.setSettings({ intervalHours })).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        message: expect.stringContaining("at least 15 minutes"),
      });
    }
    expect(await backups.pulse.settings()).toEqual({ intervalHours: 24, keep: 7 });
    expect((await backups.pulse.setSettings({ intervalHours: 0.25 })).intervalHours).toBe(0.25);
    expect((await backups.pulse.setSettings({ intervalHours: 0 })).intervalHours).toBe(0);
  });
});
