/**
 * The progress-and-cancel block of a long backup operation (export, import): a task hook that hands the
 * call its AbortSignal and progress listener and forgets both when the call ends, the Cancel button
 * shown while it runs, and the progress bar. Export and import behave alike because they share it.
 */
import { useCallback, useRef, useState } from "preact/hooks";
import type { BackupProgress } from "../../index.js";
import { describeProgress, type ProgressView } from "../lib/backupProgress.js";
import { ProgressBar } from "../ProgressBar/index.js";

export interface TaskCall {
  signal: AbortSignal;
  onProgress: (step: BackupProgress) => void;
}

export interface BackupTask {
  progress: ProgressView | undefined;
  /** Runs `work` with a fresh signal and progress listener, showing `initial` until the first report. */
  run<T>(work: (call: TaskCall) => Promise<T>, initial?: ProgressView): Promise<T>;
  cancel(): void;
}

export function useBackupTask(): BackupTask {
  const [progress, setProgress] = useState<ProgressView | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);

  const run = useCallback(async <T,>(work: (call: TaskCall) => Promise<T>, initial?: ProgressView): Promise<T> => {
    const abort = new AbortController();
    controller.current = abort;
    if (initial) setProgress(initial);
    try {
      return await work({ signal: abort.signal, onProgress: (step) => setProgress(describeProgress(step)) });
    } finally {
      controller.current = undefined;
      setProgress(undefined);
    }
  }, []);

  const cancel = useCallback(() => controller.current?.abort(), []);
  return { progress, run, cancel };
}

/** Cancel, shown while the task runs. */
export function CancelButton({ task, busy, testId }: { task: BackupTask; busy: boolean; testId: string }) {
  return busy ? (
    <button type="button" class="button button--danger" data-testid={testId} onClick={task.cancel}>
      Cancel
    </button>
  ) : null;
}

/** The task's progress bar, while it reports any. */
export function TaskProgress({ task, testId }: { task: BackupTask; testId: string }) {
  return task.progress ? <ProgressBar view={task.progress} testId={testId} /> : null;
}
