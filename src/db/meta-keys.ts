/**
 * Keys of the records in the `meta` store that more than one runtime reads: the Vector KB's chunk state and
 * change token are written by the search worker and left out of backups by the page (src/backup/records.ts).
 * Kept apart from both so neither side imports the other's code.
 */
export const VECTOR_STATE_KEY = "vector_kb:state";
export const VECTOR_TOKEN_KEY = "vector_kb:token";
