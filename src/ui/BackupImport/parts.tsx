/**
 * The pieces of the import card: the archive passphrase form, and the choice of how to import with the
 * Import and Cancel buttons. BackupImport keeps the state and the calls; these only draw and report.
 */
import type { ImportMode } from "../../index.js";
import { CancelButton, type BackupTask } from "../BackupTask/index.js";
import { PassphraseField } from "../PassphraseField/index.js";
import { RowForm } from "../RowForm/index.js";

export interface ArchivePassphraseFormProps {
  id: string;
  passphrase: string;
  busy: boolean;
  onPassphrase: (passphrase: string) => void;
  onOpen: () => void;
}

export function ArchivePassphraseForm({ id, passphrase, busy, onPassphrase, onOpen }: ArchivePassphraseFormProps) {
  return (
    <RowForm onSubmit={onOpen} testId="import-passphrase-form">
      <PassphraseField id={`${id}-pass`} label="Archive passphrase" testId="import-passphrase" value={passphrase} onInput={onPassphrase} autocomplete="current-password" />
      <button type="submit" class="button" disabled={busy}>
        Open
      </button>
    </RowForm>
  );
}

export interface ImportChoiceProps {
  id: string;
  mode: ImportMode;
  busy: boolean;
  task: BackupTask;
  onMode: (mode: ImportMode) => void;
  onImport: () => void;
}

export function ImportChoice({ id, mode, busy, task, onMode, onImport }: ImportChoiceProps) {
  return (
    <>
      <fieldset class="form import__mode">
        <legend class="field__label">How to import</legend>
        <label class="check">
          <input type="radio" name={`${id}-mode`} value="replace" data-testid="import-mode-replace" checked={mode === "replace"} onChange={() => onMode("replace")} />
          Replace: this browser's data becomes the backup
        </label>
        <label class="check">
          <input type="radio" name={`${id}-mode`} value="merge" data-testid="import-mode-merge" checked={mode === "merge"} onChange={() => onMode("merge")} />
          Merge: add the backup, keep the newer of two records
        </label>
      </fieldset>
      <div class="button-row">
        <button type="button" class="button button--primary" disabled={busy} data-testid="import-submit" onClick={onImport}>
          {busy ? "Importing…" : "Import"}
        </button>
        <CancelButton task={task} busy={busy} testId="import-cancel" />
      </div>
    </>
  );
}
