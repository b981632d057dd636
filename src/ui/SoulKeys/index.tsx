/**
 * Soul Vault key management while unlocked: change the passphrase (and, by default, rotate the key with
 * it, so the old passphrase stops opening new records through an old backup), rotate the
 * data key (re-encrypts every record, with progress; stopping is safe, the next rotation resumes), and
 * forget this device's remembered key.
 */
import { useId, useRef, useState } from "preact/hooks";
import { PhoenixError, MIN_PASSPHRASE_LENGTH, type SoulVault } from "../../index.js";
import { isAbort } from "../lib/errors.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { PassphraseField } from "../PassphraseField/index.js";

export interface SoulKeysProps {
  soul: SoulVault;
  rotationPending: boolean;
  remembered: boolean;
  /** Something about the keyring changed (rotation finished, device forgotten): re-read it. */
  onChanged: () => void;
  onFailure: (error: unknown) => void;
}

export function SoulKeys({ soul, rotationPending, remembered, onChanged, onFailure }: SoulKeysProps) {
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  // On by default: a changed passphrase should also stop an older backup's keyring from opening new records.
  const [alsoRotate, setAlsoRotate] = useState(true);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>(undefined);
  const stopRequested = useRef(false);
  const passphraseAction = useAction();
  const rotateAction = useAction();

  const changePassphrase = (event: Event) => {
    event.preventDefault();
    const [oldOne, newOne, newAgain] = [current, next, repeat];
    setCurrent("");
    setNext("");
    setRepeat("");
    void passphraseAction.run(async () => {
      if (newOne !== newAgain) throw new PhoenixError("INVALID_ARGUMENT", "The two new passphrases differ.", { replace: true });
      const rotated = await soul.changePassphrase(oldOne, newOne, { rotate: alsoRotate });
      onChanged();
      return rotated
        ? `The passphrase is changed and a new key is in use (${rotated.reencrypted} records re-encrypted). Use the new passphrase from now on.`
        : "The passphrase is changed. Use the new one from now on.";
    });
  };

  const rotate = () => {
    stopRequested.current = false;
    setProgress({ done: 0, total: 0 });
    void rotateAction
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

  const forgetDevice = () => {
    void passphraseAction.run(async () => {
      await soul.forgetDevice();
      onChanged();
      return "This device no longer remembers the key; only the passphrase unlocks.";
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Keys</h2>
      <form class="form" onSubmit={changePassphrase} data-testid="soul-change-form">
        <h3 class="field__label">Change the passphrase</h3>
        <PassphraseField id={`${id}-current`} label="Current passphrase" testId="soul-current-passphrase" value={current} onInput={setCurrent} autocomplete="current-password" />
        <PassphraseField id={`${id}-next`} label="New passphrase" testId="soul-new-passphrase" value={next} onInput={setNext} autocomplete="new-password" minLength={MIN_PASSPHRASE_LENGTH} />
        <PassphraseField id={`${id}-repeat`} label="Repeat the new passphrase" testId="soul-new-passphrase-repeat" value={repeat} onInput={setRepeat} autocomplete="new-password" />
        <label class="check">
          <input
            type="checkbox"
            data-testid="soul-change-rotate"
            checked={alsoRotate}
            onChange={(event) => setAlsoRotate(event.currentTarget.checked)}
          />
          Also rotate the key (recommended: the old passphrase with an old backup then opens nothing written later)
        </label>
        <div class="button-row">
          <button type="submit" class="button" disabled={passphraseAction.busy} data-testid="soul-change">
            {passphraseAction.busy ? "Changing…" : "Change passphrase"}
          </button>
          {remembered ? (
            <button type="button" class="button" disabled={passphraseAction.busy} onClick={forgetDevice} data-testid="soul-forget-device">
              Forget this device
            </button>
          ) : null}
        </div>
      </form>
      <Status status={passphraseAction.status} error={passphraseAction.error} testId="soul-change" />

      <h3 class="field__label">Rotate the encryption key</h3>
      <p class="field__hint">
        {rotationPending
          ? "A key rotation was interrupted. Every memory is still readable; rotate again to finish it."
          : "Makes a new data key and re-encrypts every soul memory with it. Safe to stop at any point."}
      </p>
      <div class="button-row">
        <button type="button" class="button" disabled={rotateAction.busy} onClick={rotate} data-testid="soul-rotate">
          {rotateAction.busy ? "Rotating…" : rotationPending ? "Finish key rotation" : "Rotate key"}
        </button>
        {rotateAction.busy ? (
          <button type="button" class="button button--danger" onClick={() => (stopRequested.current = true)} data-testid="soul-rotate-stop">
            Stop
          </button>
        ) : null}
      </div>
      {progress ? (
        <div class="field">
          <label for={`${id}-progress`}>Re-encrypted</label>
          <progress id={`${id}-progress`} data-testid="soul-rotate-progress" max={progress.total || 1} value={progress.total ? progress.done : undefined}>
            {progress.done} of {progress.total}
          </progress>
          <p class="field__hint">
            {progress.done} of {progress.total} records
          </p>
        </div>
      ) : null}
      <Status status={rotateAction.status} error={rotateAction.error} testId="soul-rotate" />
    </section>
  );
}
