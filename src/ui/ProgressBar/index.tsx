/** A labelled native <progress>: determinate when the ratio is known, indeterminate otherwise. */
import { useId } from "preact/hooks";
import type { ProgressView } from "../lib/backupProgress.js";

export function ProgressBar({ view, testId }: { view: ProgressView; testId: string }) {
  const id = useId();
  return (
    <div class="field" data-testid={testId}>
      <label for={id} class="field__hint">
        {view.label}
      </label>
      <progress id={id} max={1} value={view.ratio} />
    </div>
  );
}
