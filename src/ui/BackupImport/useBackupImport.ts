/**
 * The steps of importing a backup: a chosen file is inspected (whole archive checked, nothing written),
 * an encrypted one first asks for its passphrase; the import, in the chosen mode, runs only on the
 * person's word, with progress and Cancel. Kept apart from the markup so the page shows only fields.
 */
import { useState } from "preact/hooks";
import { isPhoenixError, type BackupSummary as Summary, type ImportMode, type ImportReport, type Phoenix } from "../../index.js";
import { useBackupTask, type BackupTask } from "../BackupTask/index.js";
import type { Confirm, ConfirmRequest } from "../ConfirmDialog/index.js";
import { isAbort } from "../lib/errors.js";
import { formatDateTime } from "../lib/format.js";
import { useAction, type Action } from "../lib/useAction.js";

/** What the person is asked before an import in `mode` of the backup `summary` describes. */
export function importConfirmation(mode: ImportMode, summary: Summary): ConfirmRequest {
  const when = formatDateTime(Date.parse(summary.manifest.createdAt));
  if (mode === "merge") {
    return {
      title: "Merge the backup?",
      message: `Records from the backup of ${when} are added; where both have a record, the newer one is kept. A snapshot is kept first.`,
      confirmLabel: "Merge",
    };
  }
  return {
    title: "Replace all data?",
    message:
      `Everything in this browser will be replaced by the backup from ${when}. A snapshot of the current data is kept first.` +
      (summary.soulKeyringDiffers
        ? " The Soul Vault's passphrase becomes the backup's: afterwards it opens only with the passphrase it had when this backup was made."
        : ""),
    confirmLabel: "Replace",
  };
}

export interface BackupImportState {
  file: File | undefined;
  needsPassphrase: boolean;
  passphrase: string;
  setPassphrase: (passphrase: string) => void;
  summary: Summary | undefined;
  mode: ImportMode;
  setMode: (mode: ImportMode) => void;
  report: ImportReport | undefined;
  task: BackupTask;
  action: Action;
  inspect: (chosen: File, withPassphrase: string) => void;
  choose: (chosen: File) => void;
  runImport: () => Promise<void>;
}

export function useBackupImport(phoenix: Phoenix, confirm: Confirm["confirm"], onImported: () => void): BackupImportState {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [summary, setSummary] = useState<Summary | undefined>(undefined);
  const [mode, setMode] = useState<ImportMode>("replace");
  const [report, setReport] = useState<ImportReport | undefined>(undefined);
  const task = useBackupTask();
  const action = useAction();

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
    if (!(await confirm(importConfirmation(mode, summary)))) return;
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

  return { file, needsPassphrase, passphrase, setPassphrase, summary, mode, setMode, report, task, action, inspect, choose, runImport };
}
