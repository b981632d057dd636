/**
 * Import a backup: pick or drop a file, see what it holds (backups.inspect checks the whole archive and
 * writes nothing), choose replace or merge, confirm, then import with progress. An encrypted archive
 * asks for its passphrase before the summary.
 */
import { useId } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { BackupSummary, ImportReportView } from "../BackupSummary/index.js";
import { TaskProgress } from "../BackupTask/index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { DropZone } from "../DropZone/index.js";
import { Status } from "../Status/index.js";
import { ArchivePassphraseForm, ImportChoice } from "./parts.js";
import { useBackupImport } from "./useBackupImport.js";
import "./style.css";

export interface BackupImportProps {
  phoenix: Phoenix;
  /** The import took a snapshot (and changed the data): the snapshot list reloads. */
  onImported: () => void;
}

export function BackupImport({ phoenix, onImported }: BackupImportProps) {
  const id = useId();
  const { dialog, confirm } = useConfirm();
  const state = useBackupImport(phoenix, confirm, onImported);
  const { file, summary, task, action } = state;
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Import a backup</h2>
      <DropZone label="Choose a backup file" accept=".gz,.tgz,.enc,application/gzip,application/octet-stream" onFile={state.choose} testId="import-file" disabled={action.busy} />
      {file && state.needsPassphrase ? (
        <ArchivePassphraseForm id={id} passphrase={state.passphrase} busy={action.busy} onPassphrase={state.setPassphrase} onOpen={() => state.inspect(file, state.passphrase)} />
      ) : null}
      {file && summary ? (
        <>
          <BackupSummary summary={summary} fileName={file.name} />
          <ImportChoice id={id} mode={state.mode} busy={action.busy} task={task} onMode={state.setMode} onImport={() => void state.runImport()} />
        </>
      ) : null}
      <TaskProgress task={task} testId="import-progress" />
      <Status status={action.status} error={action.error} testId="import" />
      {state.report ? <ImportReportView report={state.report} /> : null}
      {dialog}
    </section>
  );
}
