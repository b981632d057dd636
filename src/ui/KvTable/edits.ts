/**
 * KvTable's two edits as plain steps: store (asking before it replaces a different value) and forget,
 * each offering an undo. The table runs them through its action (busy, status, error) and reloads.
 */
import type { Confirm } from "../ConfirmDialog/index.js";
import { clip } from "../lib/format.js";

export interface KvSource {
  /** "Mind", "Body", "Soul": used in headings and messages. */
  name: string;
  list(prefix: string, limit: number, after: string | undefined): Promise<Array<[string, string]>>;
  /** The value under `key`, to ask before replacing it. */
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  forget(key: string): Promise<boolean>;
}

export interface KvEdits {
  source: KvSource;
  /** Runs a call on the source, reporting a failure to the table's owner first. */
  guarded: <T>(work: () => Promise<T>) => Promise<T>;
  confirm: Confirm["confirm"];
  offerUndo: (message: string, undo: () => Promise<string>) => void;
}

/** Stores `value` under `key`; `stored` runs once it is written. Resolves with the status line. */
export async function storeEntry({ source, guarded, confirm, offerUndo }: KvEdits, key: string, value: string, stored: () => void): Promise<string> {
  const previous = key === "" ? undefined : await guarded(() => source.get(key));
  const replaces = previous !== undefined && previous !== value;
  if (replaces) {
    const yes = await confirm({
      title: `Replace the memory '${clip(previous)}'?`,
      message: `${key} in the ${source.name} Vault already holds that. Storing puts the new value in its place; you can undo for a few seconds.`,
      confirmLabel: "Replace",
    });
    if (!yes) return "Nothing was changed.";
  }
  await guarded(() => source.store(key, value));
  stored();
  if (!replaces) return `Stored ${key} in the ${source.name} Vault.`;
  offerUndo(`Replaced '${clip(previous)}' under ${key}.`, async () => {
    await guarded(() => source.store(key, previous));
    return `Put back '${clip(previous)}' under ${key}.`;
  });
  return `Replaced ${key} in the ${source.name} Vault.`;
}

/** Forgets `key` (whose value was `value`, for the undo); `removed` runs once it is gone. */
export async function forgetEntry({ source, guarded, offerUndo }: KvEdits, key: string, value: string | undefined, removed: () => void): Promise<string> {
  const existed = await guarded(() => source.forget(key));
  removed();
  if (existed && value !== undefined) {
    offerUndo(`Forgot ${key}.`, async () => {
      await guarded(() => source.store(key, value));
      return `Put back ${key}.`;
    });
  }
  return existed ? `Forgot ${key}.` : `${key} was already gone.`;
}
