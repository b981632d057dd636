import { describe, expect, it } from "vitest";
import { openPhoenixDB } from "../../../src/db/open.js";
import { PhoenixConnection } from "../../../src/db/connection.js";
import { isConnectionLoss, runGuarded } from "../../../src/db/reconnect.js";
import { writeTx } from "../../../src/db/write.js";
import { PhoenixError } from "../../../src/errors.js";
import { lastQuotaRefusal, onQuotaRefusal } from "../../../src/index.js";
import { freshName, freshPhoenix } from "../../helpers/db.js";

describe("a lost connection", () => {
  it("is reopened underneath the facade: reads and writes after the close go through", async () => {
    const phoenix = await freshPhoenix();
    await phoenix.vaults.storeMind("fact:before", "kept");
    phoenix.db.close();
    await phoenix.vaults.storeMind("fact:after", "written after the close");
    phoenix.db.close();
    expect(await phoenix.vaults.recallMind("fact:before")).toBe("kept");
    phoenix.db.close();
    expect(await phoenix.counts()).toMatchObject({ mind_vault: 2 });
    phoenix.db.close();
    await phoenix.cortex.etchMany([[{ layer: "STM", text: "a" }, "stm:a"]]);
    expect(await phoenix.cortex.recall("stm:a")).toMatchObject({ text: "a" });
    phoenix.close();
  });

  it("after close() for good, calls fail with DB_CLOSED saying to reload, and nothing is reopened", async () => {
    const phoenix = await freshPhoenix();
    phoenix.close();
    const failure = phoenix.vaults.storeMind("fact:x", "y");
    await expect(failure).rejects.toMatchObject({ code: "DB_CLOSED" });
    await expect(phoenix.vaults.recallMind("fact:x")).rejects.toThrow(/reload/);
  });

  it("surfaces DB_CLOSED with the advice to reload when reopening fails", async () => {
    const name = freshName("reopen-fails");
    let opens = 0;
    const connection = new PhoenixConnection(await openPhoenixDB(name), {
      open: async () => {
        opens += 1;
        throw new DOMException("Connection to Indexed Database server lost. Refresh the page to try again", "UnknownError");
      },
    });
    connection.db.close();
    const read = runGuarded(() => connection.db.get("mind_vault", "x"), "vaults.recallMind", connection) as Promise<unknown>;
    await expect(read).rejects.toMatchObject({ code: "DB_CLOSED" });
    await expect(read).rejects.toThrow(/reload the page/);
    expect(opens).toBe(1);
  });

  it("retries a write only when it started no write transaction, so nothing runs twice", async () => {
    const name = freshName("write-once");
    const connection = new PhoenixConnection(await openPhoenixDB(name), { open: () => openPhoenixDB(name) });
    let runs = 0;
    // A call that commits one transaction, then loses the connection before its second.
    const twoStep = async () => {
      runs += 1;
      await writeTx(connection.db, ["mind_vault"], ({ mind_vault }) => void mind_vault.put({ value: "1", updatedAt: 1 }, "a"));
      if (runs === 1) connection.db.close();
      await writeTx(connection.db, ["mind_vault"], ({ mind_vault }) => void mind_vault.put({ value: "2", updatedAt: 1 }, "b"));
    };
    const outcome = runGuarded(twoStep, "test.twoStep", connection) as Promise<void>;
    await expect(outcome).rejects.toMatchObject({ code: "DB_CLOSED" });
    await expect(outcome).rejects.toThrow(/whether it was saved is unknown/);
    expect(runs).toBe(1);
    // The connection was reopened for the next call, and the first transaction stands.
    expect(await connection.db.get("mind_vault", "a")).toMatchObject({ value: "1" });
    expect(await connection.db.get("mind_vault", "b")).toBeUndefined();
    connection.close();
  });

  it("recognises each browser's report of a lost connection, and nothing else", () => {
    expect(isConnectionLoss(new DOMException("closed", "InvalidStateError"))).toBe(true);
    expect(isConnectionLoss(new DOMException("Connection to Indexed Database server lost. Refresh the page to try again", "UnknownError"))).toBe(true);
    expect(isConnectionLoss(new PhoenixError("DB_CLOSED", undefined, { cause: new DOMException("x", "InvalidStateError") }))).toBe(true);
    expect(isConnectionLoss(new PhoenixError("QUOTA_EXCEEDED"))).toBe(false);
    expect(isConnectionLoss(new DOMException("x", "ConstraintError"))).toBe(false);
  });
});

describe("QUOTA_EXCEEDED", () => {
  it("names the store and the operation", async () => {
    const name = freshName("quota-name");
    const connection = new PhoenixConnection(await openPhoenixDB(name), { open: () => openPhoenixDB(name) });
    const refused = runGuarded(
      () =>
        writeTx(connection.db, ["hyperspace_cache"], () => {
          throw new DOMException("quota", "QuotaExceededError");
        }),
      "cache.storeCosmicBatch",
      connection,
    ) as Promise<void>;
    await expect(refused).rejects.toMatchObject({ code: "QUOTA_EXCEEDED", store: "hyperspace_cache", operation: "cache.storeCosmicBatch" });
    await expect(refused).rejects.toThrow(/cache\.storeCosmicBatch.*hyperspace_cache/);
    connection.close();
  });

  it("is noted for the Overview (store, call); another call's write leaves the note, the same call succeeding clears it", async () => {
    const name = freshName("quota-note");
    const connection = new PhoenixConnection(await openPhoenixDB(name), { open: () => openPhoenixDB(name) });
    const seen: Array<string | undefined> = [];
    const stop = onQuotaRefusal((refusal) => seen.push(refusal?.operation));
    const refused = runGuarded(
      () =>
        writeTx(connection.db, ["body_vault"], () => {
          throw new DOMException("quota", "QuotaExceededError");
        }),
      "vaults.storeBody",
      connection,
    ) as Promise<void>;
    await expect(refused).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(lastQuotaRefusal()).toMatchObject({ operation: "vaults.storeBody", store: "body_vault" });
    await runGuarded(() => connection.db.get("body_vault", "x"), "vaults.recallBody", connection);
    expect(lastQuotaRefusal(), "a read says nothing about space").toBeDefined();
    await runGuarded(() => writeTx(connection.db, ["body_vault"], (stores) => void stores.body_vault.delete("x")), "vaults.deleteBody", connection);
    expect(lastQuotaRefusal(), "a small write of another kind fitting says little").toBeDefined();
    await runGuarded(() => writeTx(connection.db, ["body_vault"], (stores) => void stores.body_vault.put({ value: "v", updatedAt: 0 }, "x")), "vaults.storeBody", connection);
    expect(lastQuotaRefusal()).toBeUndefined();
    expect(seen).toEqual(["vaults.storeBody", undefined]);
    stop();
    connection.close();
  });
});
