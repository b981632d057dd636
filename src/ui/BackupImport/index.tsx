/**
 * Import a backup: pick or drop a file, see what it holds (backups.inspect checks the whole archive and
 * writes nothing), choose replace or merge, confirm, then import with progress. An encrypted archive
 * asks for its passphrase before the summary.
 */
import { useId, useState } from "preact/hooks";
import { isPhoenixError, type BackupSummary as Summary, type ImportMode, type ImportReport, type Phoenix } from "../../index.js";
import { BackupSummary, ImportReportView } from "../BackupSummary/index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { DropZone } from "../DropZone/index.js";
import { isAbort } from "../lib/errors.js";
import { formatDateTime } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { CancelButton, TaskProgress, useBackupTask } from "../BackupTask/index.js";
import { Status } from "../Status/index.js";
import "./style.css";
import { PassphraseField } from "../PassphraseField/index.js";

export interface BackupImportProps {
  phoenix: Phoenix;
  /** The import took a snapshot (and changed the data): the snapshot list reloads. */
  onImported: () => void;
}

export function BackupImport({ phoenix, onImported }: BackupImportProps) {
  const id = useId();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [summary, setSummary] = useState<Summary | undefined>(undefined);
  const [mode, setMode] = useState<ImportMode>("replace");
  const [report, setReport] = useState<ImportReport | undefined>(undefined);
  const task = useBackupTask();
  const action = useAction();
  const { dialog, confirm } = useConfirm();

  const inspect = (chosen: File, withPassphrase: string) => {
    setSummary(undefined);
    setReport(undefined);
    void action.run(async () => {
      try {
        const result = await phoenix.backups.inspect(chosen, withPassphrase ? { passphrase: withPassphrase } : {});
        setSummary(result);
        return `${chosen.name} checks out. Review it, then import.`;
      } catch (error) {
        if (isPhoenixError(error, "BACKUP_ENCRYPTED")) {
          setNeedsPassphrase(true);
          return `${chosen.name} is encrypted: enter its passphrase.`;
        }
        if (isPhoenixError(error, "BACKUP_BAD_PASSPHRASE")) setNeedsPassphrase(true);
        throw error;
      }
    });
  };

  const choose = (chosen: File) => {
    setFile(chosen);
    setPassphrase("");
    setNeedsPassphrase(false);
    inspect(chosen, "");
  };

  const runImport = async () => {
    if (!file || !summary) return;
    const when = formatDateTime(Date.parse(summary.manifest.createdAt));
    const yes = await confirm(
      mode === "replace"
        ? {
            title: "Replace all data?",
            message:
              `Everything in this browser will be replaced by the backup from ${when}. A snapshot of the current data is kept first.` +
              (summary.soulKeyringDiffers
                ? " The Soul Vault's passphrase becomes the backup's: afterwards it opens only with the passphrase it had when this backup was made."
                : ""),
            confirmLabel: "Replace",
          }
        : {
            title: "Merge the backup?",
            message: `Records from the backup of ${when} are added; where both have a record, the newer one is kept. A snapshot is kept first.`,
            confirmLabel: "Merge",
          },
    );
    if (!yes) return;
    await action.run(async () => {
      try {
        const result = await task.run((call) => phoenix.backups.import(file, { mode, ...(passphrase ? { passphrase } : {}), ...call }));
        setReport(result);
        setSummary(undefined);
        setFile(undefined);
        setPassphrase("");
        onImported();
        return `Imported (${mode}).${result.snapshot ? " The data from before is kept as a snapshot below, to undo." : ""}`;
      } catch (error) {
        if (isAbort(error)) return "Import cancelled; nothing was changed.";
        throw error;
      }
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Import a backup</h2>
      <DropZone label="Choose a backup file" accept=".gz,.tgz,.enc,application/gzip,application/octet-stream" onFile={choose} testId="import-file" disabled={action.busy} />
      {file && needsPassphrase ? (
        <form
          class="row"
          onSubmit={(event) => {
            event.preventDefault();
            inspect(file, passphrase);
          }}
          data-testid="import-passphrase-form"
        >
          <PassphraseField id={`${id}-pass`} label="Archive passphrase" testId="import-passphrase" value={passphrase} onInput={setPassphrase} autocomplete="current-password" />
          <button type="submit" class="button" disabled={action.busy}>
            Open
          </button>
        </form>
      ) : null}
      {file && summary ? (
        <>
          <BackupSummary summary={summary} fileName={file.name} />
          <fieldset class="form import__mode">
            <legend class="field__label">How to import</legend>
            <label class="check">
              <input type="radio" name={`${id}-mode`} value="replace" data-testid="import-mode-replace" checked={mode === "replace"} onChange={() => setMode("replace")} />
              Replace: this browser's data becomes the backup
            </label>
            <label class="check">
              <input type="radio" name={`${id}-mode`} value="merge" data-testid="import-mode-merge" checked={mode === "merge"} onChange={() => setMode("merge")} />
              Merge: add the backup, keep the newer of two records
            </label>
          </fieldset>
          <div class="button-row">
            <button type="button" class="button button--primary" disabled={action.busy} data-testid="import-submit" onClick={() => void runImport()}>
              {action.busy ? "Importing…" : "Import"}
            </button>
            <CancelButton task={task} busy={action.busy} testId="import-cancel" />
          </div>
        </>
      ) : null}
      <TaskProgress task={task} testId="import-progress" />
      <Status status={action.status} error={action.error} testId="import" />
      {report ? <ImportReportView report={report} /> : null}
      {dialog}
    </section>
  );
}
