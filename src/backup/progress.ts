/** Progress reports, cancellation and yielding to the page, shared by export, import and snapshots. */
import { PhoenixError } from "../errors.js";
import type { PhoenixStoreName } from "../db/schema.js";

/**
 * One progress report. Units per phase: "read" and "write" count records, "compress" and "verify" count
 * bytes (uncompressed in, compressed in), "encrypt", "decrypt" and "snapshot" go 0 → 1.
 */
export interface BackupProgress {
  phase: "read" | "compress" | "encrypt" | "decrypt" | "verify" | "snapshot" | "write";
  done: number;
  total: number;
  store?: PhoenixStoreName;
}

export type ProgressListener = (progress: BackupProgress) => void;

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PhoenixError("ABORTED", undefined, { cause: signal.reason });
}

/** Reports without letting a failing listener break the backup. */
export function reporter(listener: ProgressListener | undefined): ProgressListener {
  if (!listener) return () => undefined;
  return (progress) => {
    try {
      listener(progress);
    } catch {
      // The listener's failure is the UI's to show; the backup itself goes on.
    }
  };
}

interface SchedulerWithYield {
  yield(): Promise<void>;
}

/** Lets the page paint and handle input between slices of CPU work. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<SchedulerWithYield> }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  // A message task is not clamped to 4 ms the way nested timers are.
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
