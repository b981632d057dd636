import { afterEach, describe, expect, it } from "vitest";
import { SOUL_PASSPHRASE, closeAll, openTestPhoenix, populate } from "./fixtures.js";

afterEach(closeAll);

describe("inspect(): does a replace import change the Soul Vault's passphrase?", () => {
  it("is false for a backup of this very vault, true once the passphrase changed or for another vault", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const file = await phoenix.backups.export();
    expect((await phoenix.backups.inspect(file)).soulKeyringDiffers).toBe(false);
    await phoenix.vaults.soul.changePassphrase(SOUL_PASSPHRASE, "a different passphrase now");
    expect((await phoenix.backups.inspect(file)).soulKeyringDiffers).toBe(true);

    const other = await openTestPhoenix();
    await populate(other);
    expect((await other.backups.inspect(file)).soulKeyringDiffers).toBe(true);
    const empty = await openTestPhoenix();
    expect((await empty.backups.inspect(file)).soulKeyringDiffers).toBe(true);
  });

  it("is false when neither has a Soul Vault, true when only this database has one", async () => {
    const bare = await openTestPhoenix();
    await bare.vaults.storeMind("fact:x", "y");
    const file = await bare.backups.export();
    expect((await (await openTestPhoenix()).backups.inspect(file)).soulKeyringDiffers).toBe(false);
    const withVault = await openTestPhoenix();
    await populate(withVault);
    expect((await withVault.backups.inspect(file)).soulKeyringDiffers).toBe(true);
  });
});
