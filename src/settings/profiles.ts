/**
 * Profiles: each its own Phoenix database (the seed's per-deployment database paths), listed in a small
 * registry database `phoenix-profiles` that also remembers which profile the app opens.
 *
 *     await phoenix.profiles.list();                  // [{ name, active, open }]
 *     await phoenix.profiles.create("work");
 *     await phoenix.profiles.switch("work");          // the app reopens on "work"
 *     await phoenix.profiles.delete("old", "old");    // the name typed again, or nothing is deleted
 *
 * Deleting removes the profile's database, its snapshots database and the sentence model's vectors
 * database (src/models/storage-names.ts). The profile open here cannot be deleted (switch first), so a
 * page never loses its database under it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { PhoenixError } from "../errors.js";
import { DEFAULT_DB_NAME } from "../db/schema.js";
import { deleteDatabase, openPhoenixDB } from "../db/open.js";
import { storageCall } from "../db/write.js";
import { modelDatabases } from "../models/storage-names.js";
import { removeContextIndexFile } from "../shared/context-index-file.js";

export const PROFILES_DB_NAME = "phoenix-profiles";
const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,63}$/u;

export interface ProfileInfo {
  name: string;
  /** The profile the app opens at start. */
  active: boolean;
  /** The profile this Phoenix has open. */
  open: boolean;
  createdAt?: number;
}

/** The typed name confirming a delete: the name itself, or `{ confirm: name }`. */
export type DeleteConfirmation = string | { confirm?: string; confirmName?: string };

interface RegistrySchema extends DBSchema {
  profiles: { key: string; value: { name: string; createdAt: number } };
  state: { key: string; value: string };
}

function registry(): Promise<IDBPDatabase<RegistrySchema>> {
  return storageCall(() =>
    openDB<RegistrySchema>(PROFILES_DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore("profiles");
        db.createObjectStore("state");
      },
    }),
  );
}

async function withRegistry<T>(work: (db: IDBPDatabase<RegistrySchema>) => Promise<T>): Promise<T> {
  const db = await registry();
  try {
    return await storageCall(() => work(db));
  } finally {
    db.close();
  }
}

/** The profile the app opens at start (the default profile until another is chosen). */
export async function activeProfile(): Promise<string> {
  if (typeof indexedDB === "undefined") return DEFAULT_DB_NAME;
  return withRegistry(async (db) => (await db.get("state", "active")) ?? DEFAULT_DB_NAME);
}

export function assertProfileName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !NAME_PATTERN.test(name) || name === PROFILES_DB_NAME || name.endsWith("-snapshots")) {
    throw new PhoenixError(
      "INVALID_ARGUMENT",
      `A profile name is 1–64 letters, digits, spaces, "_", "." or "-", starting with a letter or digit; got ${JSON.stringify(name)}.`,
    );
  }
}


export interface ProfilesOptions {
  /** The profile this Phoenix has open. */
  current: string;
  /** Called after the switch is recorded (the app reopens on the new profile). */
  onSwitch?: (name: string) => void | Promise<void>;
}

export class Profiles {
  constructor(private readonly options: ProfilesOptions) {}

  async list(): Promise<ProfileInfo[]> {
    return withRegistry(async (db) => {
      const [stored, active] = await Promise.all([db.getAll("profiles"), db.get("state", "active")]);
      const byName = new Map(stored.map((profile) => [profile.name, profile]));
      for (const name of [DEFAULT_DB_NAME, this.options.current]) if (!byName.has(name)) byName.set(name, { name, createdAt: 0 });
      const activeName = active ?? DEFAULT_DB_NAME;
      return [...byName.values()]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map(({ name, createdAt }) => ({
          name,
          active: name === activeName,
          open: name === this.options.current,
          ...(createdAt > 0 ? { createdAt } : {}),
        }));
    });
  }

  /** Makes a new, empty profile. */
  async create(name: string): Promise<ProfileInfo> {
    assertProfileName(name);
    if ((await this.list()).some((profile) => profile.name === name)) throw new PhoenixError("PROFILE_EXISTS", undefined, { subject: name });
    const db = await openPhoenixDB(name);
    db.close();
    const createdAt = Date.now();
    await withRegistry((registryDb) => registryDb.put("profiles", { name, createdAt }, name));
    return { name, active: false, open: false, createdAt };
  }

  /** Makes `name` the profile the app opens, and tells the app to reopen on it. */
  async switch(name: string): Promise<string> {
    assertProfileName(name);
    if (!(await this.list()).some((profile) => profile.name === name)) throw new PhoenixError("PROFILE_NOT_FOUND", undefined, { subject: name });
    await withRegistry((db) => db.put("state", name, "active"));
    await this.options.onSwitch?.(name);
    return name;
  }

  /** Deletes a profile's databases (its own, snapshots, model vectors) and its context index file; `confirmation` must be its name typed again. */
  async delete(name: string, confirmation?: DeleteConfirmation): Promise<void> {
    assertProfileName(name);
    const typed = typeof confirmation === "string" ? confirmation : (confirmation?.confirm ?? confirmation?.confirmName);
    if (typed !== name) throw new PhoenixError("PROFILE_CONFIRMATION", `Type "${name}" to delete it.`, { subject: name });
    if (name === this.options.current) throw new PhoenixError("PROFILE_IN_USE", undefined, { subject: name });
    const profiles = await this.list();
    if (!profiles.some((profile) => profile.name === name)) throw new PhoenixError("PROFILE_NOT_FOUND", undefined, { subject: name });
    await deleteDatabase(name);
    await deleteDatabase(`${name}-snapshots`);
    for (const database of modelDatabases(name)) await deleteDatabase(database);
    await removeContextIndexFile(name);
    await withRegistry(async (db) => {
      await db.delete("profiles", name);
      if ((await db.get("state", "active")) === name) await db.delete("state", "active");
    });
  }
}
