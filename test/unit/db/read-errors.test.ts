// Reads map storage failures in one place (readTx for raw transactions, storageCall for idb's shortcuts and
// the other databases): the codes callers see are the ones writes give.
import { afterEach, describe, expect, it } from "vitest";
import { openPhoenixDB } from "../../../src/db/open.js";
import { scanPrefix } from "../../../src/db/prefix.js";
import type { PhoenixDB } from "../../../src/db/schema.js";
import { readTx, request, storageCall } from "../../../src/db/write.js";
import { PhoenixError } from "../../../src/errors.js";
import { readKeyring } from "../../../src/stores/soul/keyring.js";
import { freshName } from "../../helpers/db.js";

let db: PhoenixDB | undefined;
afterEach(() => db?.close());

describe("storageCall", () => {
  it("maps a quota refusal to QUOTA_EXCEEDED and a closed connection to DB_CLOSED", async () => {
    await expect(storageCall(() => Promise.reject(new DOMException("full", "QuotaExceededError")))).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    await expect(storageCall(() => Promise.reject(new DOMException("closed", "InvalidStateError")))).rejects.toMatchObject({ code: "DB_CLOSED" });
  });

  it("maps any other failure to STORAGE_ERROR with its message, and passes a PhoenixError through as itself", async () => {
    await expect(storageCall(() => Promise.reject(new Error("disk on fire")))).rejects.toMatchObject({
      code: "STORAGE_ERROR",
      message: expect.stringContaining("disk on fire"),
    });
    const own = new PhoenixError("SOUL_LOCKED");
    await expect(storageCall(() => Promise.reject(own))).rejects.toBe(own);
  });

  it("resolves with what the work resolves", async () => {
    await expect(storageCall(() => Promise.resolve(42))).resolves.toBe(42);
  });
});

describe("reads on a closed database", () => {
  it("fail with DB_CLOSED through readTx, a prefix scan and an idb shortcut alike", async () => {
    db = await openPhoenixDB(freshName("read-errors"));
    db.close();
    await expect(readTx(db, ["mind_vault"], ({ mind_vault }) => request(mind_vault.count()))).rejects.toMatchObject({ code: "DB_CLOSED" });
    await expect(scanPrefix(db, "mind_vault", "fact:")).rejects.toMatchObject({ code: "DB_CLOSED" });
    await expect(readKeyring(db)).rejects.toMatchObject({ code: "DB_CLOSED" });
  });

  it("readTx reports a PhoenixError thrown by the work as itself", async () => {
    db = await openPhoenixDB(freshName("read-errors"));
    const own = new PhoenixError("INVALID_ARGUMENT", "refused by the reader");
    await expect(
      readTx(db, ["mind_vault"], async () => {
        throw own;
      }),
    ).rejects.toBe(own);
  });
});
