/**
 * Export the whole database as a .tar.gz download, optionally encrypted with an archive passphrase,
 * with progress and a Cancel button. The Soul Vault goes in as the ciphertext it is stored as.
 */
import { useId, useRef, useState } from "preact/hooks";
import { type Phoenix, PhoenixError } from "../../index.js";
import { describeProgress, type ProgressView } from "../lib/backupProgress.js";
import { saveBlob } from "../lib/download.js";
import { isAbort } from "../lib/errors.js";
import { formatBytes } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { ProgressBar } from "../ProgressBar/index.js";
import { Status } from "../Status/index.js";

export function BackupExport({ phoenix }: { phoenix: Phoenix }) {
  const id = useId();
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [repeat, setRepeat] = useState("");
  const [progress, setProgress] = useState<ProgressView | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const action = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    const [typed, typedAgain] = [passphrase, repeat];
    void action.run(async () => {
      if (encrypt && typed !== typedAgain) throw new PhoenixError("INVALID_ARGUMENT", "The two passphrases differ.", { replace: true });
      if (encrypt && typed.length === 0) throw new PhoenixError("INVALID_ARGUMENT", "Enter an archive passphrase, or untick encryption.", { replace: true });
      const abort = new AbortController();
      controller.current = abort;
      setProgress({ label: "Starting", ratio: undefined });
      try {
        const file = await phoenix.backups.export({
          ...(encrypt ? { passphrase: typed } : {}),
          signal: abort.signal,
          onProgress: (step) => setProgress(describeProgress(step)),
        });
        saveBlob(file, file.name);
        setPassphrase("");
        setRepeat("");
        return `Saved ${file.name} (${formatBytes(file.size)}).`;
      } catch (error) {
        if (isAbort(error)) return "Export cancelled; nothing was saved.";
        throw error;
      } finally {
        controller.current = undefined;
        setProgress(undefined);
      }
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Export a backup</h2>
      <p class="field__hint">
        Everything in one .tar.gz file you can keep anywhere. Soul memories stay encrypted inside it.
      </p>
      <form class="form" onSubmit={submit} data-testid="export-form">
        <label class="check">
          <input type="checkbox" checked={encrypt} data-testid="export-encrypt" onChange={(event) => setEncrypt(event.currentTarget.checked)} />
          Encrypt the whole archive with a passphrase
        </label>
        {encrypt ? (
          <div class="row">
            <div class="field">
              <label for={`${id}-pass`}>Archive passphrase</label>
              <input
                id={`${id}-pass`}
                type="password"
                data-testid="export-passphrase"
                required
                autocomplete="new-password"
                value={passphrase}
                onInput={(event) => setPassphrase(event.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for={`${id}-repeat`}>Repeat it</label>
              <input
                id={`${id}-repeat`}
                type="password"
                data-testid="export-passphrase-repeat"
                required
                autocomplete="new-password"
                value={repeat}
                onInput={(event) => setRepeat(event.currentTarget.value)}
              />
            </div>
          </div>
        ) : null}
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={action.busy} data-testid="export-submit">
            {action.busy ? "Exporting…" : "Export"}
          </button>
          {action.busy ? (
            <button type="button" class="button button--danger" data-testid="export-cancel" onClick={() => controller.current?.abort()}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>
      {progress ? <ProgressBar view={progress} testId="export-progress" /> : null}
      <Status status={action.status} error={action.error} testId="export" />
    </section>
  );
}
