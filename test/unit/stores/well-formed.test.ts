import { afterEach, describe, expect, it } from "vitest";
import { assertWellFormed } from "../../../src/shared/input.js";
import { closeAll, openSoulPhoenix, PASSPHRASE } from "./soul/fixtures.js";

afterEach(closeAll);

describe("text stored as UTF-8 must be well-formed UTF-16", () => {
  it("tells lone surrogates from pairs", () => {
    for (const bad of ["\ud800", "a\udfff", "\udfff\ud800", "x\ud83d"]) expect(() => assertWellFormed(bad)).toThrow(/lone surrogate/);
    for (const good of ["", "\ud83d\ude00", "\uffff", "é\u0000"]) expect(() => assertWellFormed(good)).not.toThrow();
  });

  it("the Soul Vault refuses a value with a lone surrogate instead of returning it as U+FFFD, and writes nothing", async () => {
    const phoenix = await openSoulPhoenix();
    await phoenix.vaults.soul.setup(PASSPHRASE);
    await expect(phoenix.vaults.storeSoul("k", "\ud800 lone")).rejects.toMatchObject({ code: "INVALID_VALUE", subject: "k" });
    expect(await phoenix.vaults.recallSoul("k")).toBeUndefined();
    // Keys are stored as IndexedDB keys, not UTF-8: a lone surrogate there is kept as is.
    await phoenix.vaults.storeSoul("\ud800", "pair \ud83d\ude00 fine");
    expect(await phoenix.vaults.recallSoul("\ud800")).toBe("pair \ud83d\ude00 fine");
  });

  it("the Vector KB refuses memory text with a lone surrogate before anything is posted", async () => {
    const phoenix = await openSoulPhoenix();
    await expect(phoenix.vectorKb.addMemory("\udc00 lone", {})).rejects.toMatchObject({ code: "INVALID_VALUE" });
    await expect(phoenix.vectorKb.addMemories([{ text: "fine" }, { text: "bad \ud800" }])).rejects.toMatchObject({ code: "INVALID_VALUE" });
    expect(await phoenix.vectorKb.count()).toBe(0);
  });
});
