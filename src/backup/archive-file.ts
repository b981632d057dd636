/** What a backup file is called, and how far one may expand: small, so the app shell can hold it. */

/**
 * Default cap on an archive's expanded (uncompressed) size: 256 MiB, what a phone's tab can hold while an
 * archive is inspected (inspection starts as soon as a file is picked). A decompression bomb stops there;
 * a larger real backup needs an explicit `maxExpandedBytes`. An encrypted archive is read whole before
 * it can be decrypted, so its file size is held to the same cap.
 */
export const DEFAULT_MAX_EXPANDED_BYTES = 256 * 1024 ** 2;

/** `phoenix-backup-YYYYMMDD-HHMMSS.tar.gz`, in local time (what the person sees on their clock). */
export function backupFileName(date: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  const time = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  return `phoenix-backup-${day}-${time}.tar.gz`;
}
