/**
 * The decrypted soul memories the Context Engine searches, kept on the page while the Soul Vault is
 * unlocked so a search decrypts only the records sealed since the last one (each search used to
 * decrypt them all). A record is reused while its seal (key id and nonce) is the one it was opened
 * from: any rewrite, here or in another tab, seals it anew. Everything is dropped on lock(), and a
 * decryption that finishes after a lock() is thrown away, so no plaintext outlives the unlock.
 */
import type { SoulRecord } from "../db/schema.js";
import { sameSeal } from "../stores/soul/record.js";

export interface SoulSource {
  readonly isLocked: boolean;
  /** Calls `listener` on every lock(); returns the way to stop. */
  onLock(listener: () => void): () => void;
  recallSoul(key: string): Promise<string | undefined>;
}

export interface SoulCache {
  /** The decrypted soul memories, or undefined while locked. A record that does not open is left out. */
  memories(): Promise<Array<[string, string]> | undefined>;
  close(): void;
}

interface Opened {
  seal: SoulRecord;
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
      const out: Array<[string, string]> = [];
      for (const [key, seal] of sealed) {
        const held = opened.get(key);
        let text = held && sameSeal(seal, held.seal) ? held.text : undefined;
        if (text === undefined) {
          text = await soul.recallSoul(key).catch(() => undefined);
          if (epoch !== started || soul.isLocked) return undefined;
          if (text === undefined) continue;
          opened.set(key, { seal, text });
        }
        out.push([key, text]);
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
