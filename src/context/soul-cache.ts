/**
 * The decrypted soul memories the Context Engine searches, kept on the page while the Soul Vault is
 * unlocked so a search decrypts only the records sealed since the last one (each search used to
 * decrypt them all). Records are read under their stored ids (keyed hashes of their names): opening
 * one gives its name and text. A record is reused while its seal (key id and nonce) is the one it was
 * opened from: any rewrite, here or in another tab, seals it anew. Everything is dropped on lock(), and a
 * decryption that finishes after a lock() is thrown away, so no plaintext outlives the unlock.
 */
import type { SoulRecord } from "../db/schema.js";
import { sameSeal, type OpenedSoulRecord } from "../stores/soul/record.js";

export interface SoulSource {
  readonly isLocked: boolean;
  /** Calls `listener` on every lock(); returns the way to stop. */
  onLock(listener: () => void): () => void;
  /** Opens records read under their stored ids; undefined for one that does not open. */
  openStored(records: ReadonlyArray<readonly [string, SoulRecord]>): Promise<Array<OpenedSoulRecord | undefined>>;
}

export interface SoulCache {
  /** The decrypted soul memories, or undefined while locked. A record that does not open is left out. */
  memories(): Promise<Array<[string, string]> | undefined>;
  close(): void;
}

interface Opened {
  seal: SoulRecord;
  name: string;
  text: string;
}

export function createSoulCache(soul: SoulSource, readSealed: () => Promise<Array<[string, SoulRecord]>>): SoulCache {
  const opened = new Map<string, Opened>();
  /** Bumped on every lock(): work started before it must not fill the cache. */
  let epoch = 0;
  const stop = soul.onLock(() => {
    epoch += 1;
    opened.clear();
  });

  return {
    async memories() {
      if (soul.isLocked) return undefined;
      const started = epoch;
      const sealed = await readSealed();
      const unopened = sealed.filter(([id, seal]) => {
        const held = opened.get(id);
        return !(held && sameSeal(seal, held.seal));
      });
      if (unopened.length > 0) {
        const fresh = await soul.openStored(unopened).catch(() => []);
        if (epoch !== started || soul.isLocked) return undefined;
        unopened.forEach(([id, seal], i) => {
          const record = fresh[i];
          if (record) opened.set(id, { seal, name: record.name, text: record.value });
          else opened.delete(id);
        });
      }
      const out: Array<[string, string]> = [];
      for (const [id] of sealed) {
        const held = opened.get(id);
        if (held) out.push([held.name, held.text]);
      }
      const present = new Set(sealed.map(([key]) => key));
      for (const key of [...opened.keys()]) if (!present.has(key)) opened.delete(key);
      return out;
    },
    close() {
      stop();
      opened.clear();
    },
  };
}
