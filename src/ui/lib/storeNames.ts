/**
 * The names a person reads for the object stores, with the technical name kept as a second line for
 * bug reports and for readers of a backup's files.
 */
export const STORE_LABELS: Readonly<Record<string, string>> = {
  eternal_memory: "Memories",
  mind_vault: "Mind Vault",
  body_vault: "Body Vault",
  soul_kb: "Soul Vault",
  vector_kb: "Vector KB",
  hyperspace_cache: "Streams",
  meta: "Settings and keys",
};
