/**
 * Rotating the Soul Vault's data key: re-encrypts every record, with progress; stopping is safe (it
 * stops after a committed batch) and the next rotation resumes.
 */
import { useRef, useState } from "preact/hooks";
import { PhoenixError, type SoulVault } from "../../index.js";
import { isAbort } from "../lib/errors.js";
import { useAction, type Action } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

interface Progress {
  done: number;
  total: number;
}

interface Rotation {
  action: Action;
  progress: Progress | undefined;
  rotate: () => void;
  stop: () => void;
}

function useRotation(soul: SoulVault, onChanged: () => void, onFailure: (error: unknown) => void): Rotation {
  const [progress, setProgress] = useState<Progress | undefined>(undefined);
  const stopRequested = useRef(false);
  const action = useAction();

  const rotate = () => {
    stopRequested.current = false;
    setProgress({ done: 0, total: 0 });
    void action
      .run(async () => {
        try {
          // The facade takes a Vital Pulse snapshot before the rotation starts (see openPhoenix).
          const result = await soul.rotateKey({
            onProgress: (step) => {
              setProgress(step);
              // Throwing here is the documented way to stop after a committed batch.
              if (stopRequested.current) throw new PhoenixError("ABORTED", "Key rotation stopped; rotate again to finish it.", { replace: true });
            },
          });
          return `New key in use: ${result.reencrypted} records re-encrypted.`;
        } catch (error) {
          if (isAbort(error)) return "Key rotation stopped. Every memory is readable; rotate again to finish it.";
          onFailure(error);
          throw error;
        } finally {
          setProgress(undefined);
          onChanged();
        }
      })
      .then(() => undefined);
  };

  return { action, progress, rotate, stop: () => (stopRequested.current = true) };
}

function RotationProgress({ id, progress }: { id: string; progress: Progress }) {
  return (
    <div class="field">
      <label for={`${id}-progress`}>Re-encrypted</label>
      <progress id={`${id}-progress`} data-testid="soul-rotate-progress" max={progress.total || 1} value={progress.total ? progress.done : undefined}>
        {progress.done} of {progress.total}
      </progress>
      <p class="field__hint">
        {progress.done} of {progress.total} records
      </p>
    </div>
  );
}

export interface RotateKeyProps {
  id: string;
  soul: SoulVault;
  rotationPending: boolean;
  /** Something about the keyring changed (rotation finished, device forgotten): re-read it. */
  onChanged: () => void;
  onFailure: (error: unknown) => void;
}

export function RotateKey({ id, soul, rotationPending, onChanged, onFailure }: RotateKeyProps) {
  const { action, progress, rotate, stop } = useRotation(soul, onChanged, onFailure);
  return (
    <>
      <h3 class="field__label">Rotate the encryption key</h3>
      <p class="field__hint">
        {rotationPending
          ? "A key rotation was interrupted. Every memory is still readable; rotate again to finish it."
          : "Makes a new data key and re-encrypts every soul memory with it. Safe to stop at any point."}
      </p>
      <div class="button-row">
        <button type="button" class="button" disabled={action.busy} onClick={rotate} data-testid="soul-rotate">
          {action.busy ? "Rotating…" : rotationPending ? "Finish key rotation" : "Rotate key"}
        </button>
        {action.busy ? (
          <button type="button" class="button button--danger" onClick={stop} data-testid="soul-rotate-stop">
            Stop
          </button>
        ) : null}
      </div>
      {progress ? <RotationProgress id={id} progress={progress} /> : null}
      <Status status={action.status} error={action.error} testId="soul-rotate" />
    </>
  );
}
