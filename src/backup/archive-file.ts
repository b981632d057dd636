/** What a backup file is called, and how far one may expand: small, so the app shell can hold it. */

/** Default cap on an archive's expanded (uncompressed) size: 2 GiB. A decompression bomb stops there. */
export const DEFAULT_MAX_EXPANDED_BYTES = 2 * 1024 ** 3;

/** `phoenix-backup-YYYYMMDD-HHMMSS.tar.gz`, in local time (what the person sees on their clock). */
export function backupFileName(date: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  const time = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  return `phoenix-backup-${day}-${time}.tar.gz`;
}
