/**
 * Export the whole database as a .tar.gz download, optionally encrypted with an archive passphrase,
 * with progress and a Cancel button. The Soul Vault goes in as the ciphertext it is stored as.
 */
import { useId, useState } from "preact/hooks";
import { type Phoenix, PhoenixError } from "../../index.js";
import { saveBlob } from "../lib/download.js";
import { isAbort } from "../lib/errors.js";
import { formatBytes } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { CancelButton, TaskProgress, useBackupTask } from "../BackupTask/index.js";
import { Status } from "../Status/index.js";
import { PassphraseField } from "../PassphraseField/index.js";

const STARTING = { label: "Starting", ratio: undefined };

export function BackupExport({ phoenix }: { phoenix: Phoenix }) {
  const id = useId();
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [repeat, setRepeat] = useState("");
  const task = useBackupTask();
  const action = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    const [typed, typedAgain] = [passphrase, repeat];
    void action.run(async () => {
      if (encrypt && typed !== typedAgain) throw new PhoenixError("INVALID_ARGUMENT", "The two passphrases differ.", { replace: true });
      if (encrypt && typed.length === 0) throw new PhoenixError("INVALID_ARGUMENT", "Enter an archive passphrase, or untick encryption.", { replace: true });
      try {
        const file = await task.run((call) => phoenix.backups.export({ ...(encrypt ? { passphrase: typed } : {}), ...call }), STARTING);
        saveBlob(file, file.name);
        setPassphrase("");
        setRepeat("");
        return `Saved ${file.name} (${formatBytes(file.size)}).`;
      } catch (error) {
        if (isAbort(error)) return "Export cancelled; nothing was saved.";
        throw error;
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
            <PassphraseField id={`${id}-pass`} label="Archive passphrase" testId="export-passphrase" value={passphrase} onInput={setPassphrase} autocomplete="new-password" />
            <PassphraseField id={`${id}-repeat`} label="Repeat it" testId="export-passphrase-repeat" value={repeat} onInput={setRepeat} autocomplete="new-password" />
          </div>
        ) : null}
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={action.busy} data-testid="export-submit">
            {action.busy ? "Exporting…" : "Export"}
          </button>
          <CancelButton task={task} busy={action.busy} testId="export-cancel" />
        </div>
      </form>
      <TaskProgress task={task} testId="export-progress" />
      <Status status={action.status} error={action.error} testId="export" />
    </section>
  );
}
