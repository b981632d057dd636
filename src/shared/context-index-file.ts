/**
 * Where the Context Engine keeps a profile's packed index in the Origin Private File System:
 * `phoenix-context-index/<encoded profile>.bin`. One place for the name, because two runtimes reach it: the
 * search worker that writes and reads it (workers/context/persist.ts), and profile deletion on the page
 * (src/settings/profiles.ts), which must remove it with the profile's databases: it is derived, but it holds
 * the profile's texts.
 */
export const CONTEXT_INDEX_DIRECTORY = "phoenix-context-index";

export function contextIndexFileName(profile: string): string {
  return `${encodeURIComponent(profile)}.bin`;
}

interface OpfsDirectoryLike {
  removeEntry(name: string): Promise<void>;
}
interface OpfsRootLike {
  getDirectoryHandle(name: string): Promise<OpfsDirectoryLike>;
}

/** Removes the profile's index file; nothing to do where there is no OPFS, no directory or no file. */
export async function removeContextIndexFile(profile: string): Promise<void> {
  const storage = (globalThis.navigator as { storage?: { getDirectory?: () => Promise<OpfsRootLike> } } | undefined)?.storage;
  if (typeof storage?.getDirectory !== "function") return;
  try {
    const directory = await (await storage.getDirectory()).getDirectoryHandle(CONTEXT_INDEX_DIRECTORY);
    await directory.removeEntry(contextIndexFileName(profile));
  } catch (error) {
    // NotFoundError: never written (or already gone). Anything else would leave derived texts behind: say so.
    if (!(error instanceof DOMException && error.name === "NotFoundError")) throw error;
  }
}
