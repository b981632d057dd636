/**
 * Checks that every store opens and reads (backups.checkHealth) and, when one does not, offers the newest
 * snapshot that passes every check. Runs when the Backups page opens; it reads one record per store.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { HealthReport, Phoenix } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { formatDateTime } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

export function HealthCheck({ phoenix, onRestored }: { phoenix: Phoenix; onRestored: () => void }) {
  const [report, setReport] = useState<HealthReport | undefined>(undefined);
  const action = useAction();
  const { dialog, confirm } = useConfirm();

  const check = useCallback(() => {
    void action.run(async () => {
      const next = await phoenix.backups.checkHealth();
      setReport(next);
      return next.healthy ? "Every store opens and reads." : "";
    });
  }, [phoenix, action.run]);

  useEffect(check, [check]);

  const restore = async () => {
    const offer = report?.offer;
    if (!offer) return;
    const when = formatDateTime(offer.createdAt);
    if (!(await confirm({ title: "Restore the newest good snapshot?", message: `The database will be replaced by the snapshot from ${when}.`, confirmLabel: "Restore" }))) return;
    await action.run(async () => {
      await phoenix.backups.pulse.restore(offer.id);
      onRestored();
      const next = await phoenix.backups.checkHealth();
      setReport(next);
      return `Restored the snapshot from ${when}.`;
    });
  };

  return (
    <section class="card" aria-labelledby="health-title" data-testid="health">
      <h2 id="health-title">Database check</h2>
      {report && !report.healthy ? (
        <div class="warning" role="alert" data-testid="health-problems">
          <p>Some stores could not be read:</p>
          <ul>
            {report.problems.map((problem) => (
              <li key={problem.store}>
                <code>{problem.store}</code>: {problem.message} <code>{problem.code}</code>
              </li>
            ))}
          </ul>
          {report.offer ? (
            <button type="button" class="button button--primary" disabled={action.busy} onClick={() => void restore()} data-testid="health-restore">
              Restore the snapshot from {formatDateTime(report.offer.createdAt)}
            </button>
          ) : (
            <p>No snapshot passes every check. Import an exported backup below.</p>
          )}
        </div>
      ) : null}
      <Status status={action.status} error={action.error} testId="health" />
      <div class="button-row">
        <button type="button" class="button button--small" disabled={action.busy} onClick={check}>
          Check again
        </button>
      </div>
      {dialog}
    </section>
  );
}
