/**
 * The heavy half of backups (gzip, tar, SHA-256, the codec), loaded on first use so the app shell does
 * not carry it: `phoenix.backups` imports this module dynamically.
 */
export { exportBackup } from "./archive.js";
export { readBackup, recordAt } from "./read.js";
export { writeBackup } from "./restore.js";
export { archiveKeyring, sameKeyring } from "./keyring-diff.js";
