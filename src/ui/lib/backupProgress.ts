/**
 * Backup progress reports as a person reads them. Units differ per phase (records for read/write,
 * bytes for compress/verify, 0 → 1 for the rest; see src/backup/progress.ts).
 */
import type { BackupProgress } from "../../index.js";
import { formatBytes } from "./format.js";

const PHASE_LABELS: Record<BackupProgress["phase"], string> = {
  read: "Reading records",
  compress: "Compressing",
  encrypt: "Encrypting",
  decrypt: "Decrypting",
  verify: "Checking the archive",
  snapshot: "Taking a snapshot of the current data",
  write: "Writing records",
};

export interface ProgressView {
  label: string;
  /** 0…1, or undefined while the total is unknown (an indeterminate bar). */
  ratio: number | undefined;
}

export function describeProgress(progress: BackupProgress): ProgressView {
  const { phase, done, total, store } = progress;
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : undefined;
  let label = PHASE_LABELS[phase] ?? phase;
  if (store) label += ` (${store})`;
  if (total > 0 && (phase === "read" || phase === "write")) {
    label += `: ${done.toLocaleString("en")} of ${total.toLocaleString("en")}`;
  } else if (total > 0 && (phase === "compress" || phase === "verify")) {
    label += `: ${formatBytes(done)} of ${formatBytes(total)}`;
  }
  return { label, ratio };
}
