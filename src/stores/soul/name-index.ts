/**
 * The Soul Vault's in-memory name index: record name → stored id, while the vault is unlocked.
 *
 * Records are stored under a keyed hash of their name (crypto/names.ts), whose order says nothing about
 * the names', so prefix queries ("dad:…") run here, on the names decrypted at unlock, then read the
 * matching ids. Built at unlock (migrate.ts), kept up to date by every write and delete of this tab and by
 * a re-check of the stored ids before each query (entries.ts), dropped on lock(): nothing of it is stored.
 */
import { prefixSuccessor, type ScanOptions } from "../../db/prefix.js";
import { hashedId } from "../../crypto/names.js";

/** Hashes kept for names asked about; past this many the memo starts again (it only saves HMACs). */
const MEMO_LIMIT = 10_000;

export class SoulNameIndex {
  private readonly byId = new Map<string, string>();
  private readonly byName = new Map<string, string>();
  private readonly memo = new Map<string, string>();
  private sorted: string[] | undefined;
  /** Stored ids whose record does not open (damaged): their name is unknown. */
  readonly unnamed = new Set<string>();

  constructor(
    readonly nameKey: CryptoKey,
    /** The public id of the name key (keyring `names.id`), to notice a keyring replaced elsewhere. */
    readonly nameKeyId: string,
  ) {}

  /** The id a record of this name is written under from now on (its hash). */
  async hashOf(name: string): Promise<string> {
    let id = this.memo.get(name);
    if (id === undefined) {
      id = await hashedId(this.nameKey, name);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(name, id);
    }
    return id;
  }

  /** Where a record of this name is stored now: its hash, or an older plaintext id not yet moved. */
  async idOf(name: string): Promise<string> {
    return this.byName.get(name) ?? (await this.hashOf(name));
  }

  set(id: string, name: string): void {
    const previous = this.byName.get(name);
    if (previous !== undefined && previous !== id) this.byId.delete(previous);
    const oldName = this.byId.get(id);
    if (oldName !== undefined && oldName !== name) this.byName.delete(oldName);
    this.unnamed.delete(id);
    this.byId.set(id, name);
    this.byName.set(name, id);
    this.sorted = undefined;
  }

  remove(id: string): void {
    this.unnamed.delete(id);
    const name = this.byId.get(id);
    if (name === undefined) return;
    this.byId.delete(id);
    if (this.byName.get(name) === id) this.byName.delete(name);
    this.sorted = undefined;
  }

  /** How many stored ids the index accounts for. */
  get size(): number {
    return this.byId.size + this.unnamed.size;
  }

  knows(id: string): boolean {
    return this.byId.has(id) || this.unnamed.has(id);
  }

  /** Every stored id the index accounts for. */
  ids(): string[] {
    return [...this.byId.keys(), ...this.unnamed];
  }

  nameOf(id: string): string | undefined {
    return this.byId.get(id);
  }

  /**
   * `[name, id]` of the names starting with `prefix`, in IndexedDB key order (UTF-16 code units, which is
   * also the order of JavaScript's default sort), with the same `after`/`reverse`/limit rules as a scan.
   */
  scan(prefix: string, limit: number | undefined, options: ScanOptions = {}): Array<[string, string]> {
    const names = this.sortedNames();
    const upper = prefixSuccessor(prefix);
    let slice = names.slice(lowerBound(names, prefix), upper === undefined ? names.length : lowerBound(names, upper));
    const { after, reverse = false } = options;
    if (after !== undefined) slice = slice.filter((name) => (reverse ? name < after : name > after));
    if (reverse) slice.reverse();
    if (limit !== undefined) slice = slice.slice(0, limit);
    return slice.map((name) => [name, this.byName.get(name)!]);
  }

  private sortedNames(): string[] {
    this.sorted ??= [...this.byName.keys()].sort();
    return this.sorted;
  }
}

/** The first index whose name is not below `target`. */
function lowerBound(names: readonly string[], target: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (names[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return low;
}
