/**
 * Auto-lock (idle time, hidden page) with an injected clock and timers, and lock() stopping a running
 * key rotation at its next batch boundary.
 */
import { afterEach, describe, expect, it } from "vitest";
import { KEYRING_META_KEY, type SoulKeyring } from "../../../../src/crypto/keyring.js";
import { DEFAULT_AUTO_LOCK_MS, type AutoLockClock, type PageVisibility } from "../../../../src/index.js";
import { PASSPHRASE, closeAll, openSecondTab, openSoulPhoenix, rawSoulRecords, reopenVault } from "./fixtures.js";

afterEach(closeAll);

/** A manual clock: time moves only when the test says so, and due timers fire then. */
class FakeClock implements AutoLockClock {
  time = 1_000_000;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown) => void this.timers.delete(handle as number);
  /** Moves time on; `fire: false` models a suspended page whose timers did not run. */
  advance(ms: number, fire = true): void {
    this.time += ms;
    if (!fire) return;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at <= this.time && this.timers.delete(id)) timer.callback();
    }
  }
}

class FakeVisibility implements PageVisibility {
  hidden = false;
  private listeners = new Set<() => void>();
  isHidden = () => this.hidden;
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  set(hidden: boolean): void {
    this.hidden = hidden;
    for (const listener of this.listeners) listener();
  }
}

async function vaultWith(autoLockMs?: number) {
  const clock = new FakeClock();
  const visibility = new FakeVisibility();
  const first = await openSoulPhoenix();
  await first.vaults.soul.setup(PASSPHRASE);
  await first.vaults.storeSoul("dad:a", "kept");
  const tab = await openSecondTab(first.name, { clock, visibility, ...(autoLockMs === undefined ? {} : { autoLockMs }) });
  await tab.vaults.soul.unlock(PASSPHRASE);
  return { soul: tab.vaults.soul, clock, visibility, phoenix: tab };
}

describe("Soul Vault auto-lock", () => {
  it("locks after 15 idle minutes by default; each use starts the idle time again", async () => {
    const { soul, clock } = await vaultWith();
    expect(soul.autoLockMs).toBe(DEFAULT_AUTO_LOCK_MS);
    expect(DEFAULT_AUTO_LOCK_MS).toBe(15 * 60 * 1000);
    clock.advance(DEFAULT_AUTO_LOCK_MS - 1);
    expect(await soul.recallSoul("dad:a")).toBe("kept");
    clock.advance(DEFAULT_AUTO_LOCK_MS - 1);
    expect(soul.isLocked).toBe(false);
    clock.advance(1);
    expect(soul.isLocked).toBe(true);
    await expect(soul.recallSoul("dad:a")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
  });

  it("locks on the next use when the timer never fired (suspended page)", async () => {
    const { soul, clock } = await vaultWith(60_000);
    clock.advance(60_000, false);
    await expect(soul.recallSoul("dad:a")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
  });

  it("locks when the page has been hidden that long, even if the vault was used meanwhile", async () => {
    const { soul, clock, visibility } = await vaultWith(60_000);
    visibility.set(true);
    clock.advance(40_000);
    expect(await soul.recallSoul("dad:a")).toBe("kept");
    clock.advance(20_000);
    expect(soul.isLocked).toBe(true);
  });

  it("a page shown again before the limit stays unlocked; shown after it (timers asleep), locks at once", async () => {
    const { soul, clock, visibility } = await vaultWith(60_000);
    visibility.set(true);
    clock.advance(30_000);
    visibility.set(false);
    expect(soul.isLocked).toBe(false);
    await soul.recallSoul("dad:a");
    visibility.set(true);
    clock.advance(61_000, false);
    visibility.set(false);
    expect(soul.isLocked).toBe(true);
  });

  it("setAutoLockMs changes the idle time at once; 0 turns it off; bad values are INVALID_ARGUMENT", async () => {
    const { soul, clock } = await vaultWith(60_000);
    soul.setAutoLockMs(10_000);
    expect(soul.autoLockMs).toBe(10_000);
    clock.advance(10_000);
    expect(soul.isLocked).toBe(true);
    await soul.unlock(PASSPHRASE);
    soul.setAutoLockMs(0);
    clock.advance(365 * 24 * 3_600_000);
    expect(soul.isLocked).toBe(false);
    for (const bad of [-1, 1.5, Number.NaN, Infinity, "60000", 2 ** 31]) {
      expect(() => soul.setAutoLockMs(bad as number)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
    expect(soul.autoLockMs).toBe(0);
  });

  it("is an openPhoenix option (soul.autoLockMs), checked when the vault is made", async () => {
    const { soul } = await vaultWith(5_000);
    expect(soul.autoLockMs).toBe(5_000);
    const first = await openSoulPhoenix();
    await expect(openSecondTab(first.name, { autoLockMs: -5 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("Soul Vault: lock() during a key rotation", () => {
  it("stops the rotation at the next batch boundary; everything stays readable and the next rotation finishes", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    const entries = Array.from({ length: 20 }, (_, i) => [`m:${String(i).padStart(2, "0")}`, `v${i}`] as const);
    await vaults.soul.storeSoulMany(entries);
    let batches = 0;
    const rotation = vaults.soul.rotateKey({
      batchSize: 4,
      onProgress: () => {
        batches += 1;
        if (batches === 2) vaults.soul.lock();
      },
    });
    await expect(rotation).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(batches).toBe(2);
    expect(vaults.soul.isLocked).toBe(true);
    const ring = (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
    expect(ring.keys).toHaveLength(2);
    const keyIds = new Set([...(await rawSoulRecords(db)).values()].map((r) => r.keyId));
    expect(keyIds.size).toBe(2);
    const reloaded = reopenVault(db);
    await reloaded.unlock(PASSPHRASE);
    expect(await reloaded.recallPrefix("m:")).toEqual(entries);
    await reloaded.rotateKey();
    expect(((await db.get("meta", KEYRING_META_KEY)) as SoulKeyring).keys).toHaveLength(1);
  });
});
