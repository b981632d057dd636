/** The audit log on the Settings page: the newest entries first, and whether the hash chain verifies. */
import { useCallback, useEffect, useId, useState } from "preact/hooks";
import type { AuditEntry, Phoenix, VerifyResult } from "../../index.js";
import { formatDateTime } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

const SHOWN = 50;

export function AuditLog({ phoenix }: { phoenix: Phoenix }) {
  const id = useId();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [result, setResult] = useState<VerifyResult | undefined>(undefined);
  const action = useAction();

  const load = useCallback(() => {
    void action.run(async () => {
      const [list, verified] = await Promise.all([phoenix.audit.list({ limit: SHOWN, reverse: true }), phoenix.audit.verify()]);
      setEntries(list);
      setResult(verified);
    });
  }, [phoenix]);
  useEffect(load, [load]);

  return (
    <section class="card" aria-labelledby={`${id}-title`} data-testid="settings-audit">
      <h2 id={`${id}-title`}>Audit log</h2>
      <p class="field__hint">Sensitive operations on this device, newest first. Each entry carries the SHA-256 of the one before it.</p>
      {result && (
        <p role="status" data-testid="audit-verify" data-ok={String(result.ok)}>
          {result.ok
            ? `Verified: ${result.entries} entries, chain intact.`
            : `Broken at entry ${String(result.brokenAt)}: an entry was edited, removed or reordered.`}
        </p>
      )}
      <div class="button-row">
        <button type="button" class="button" disabled={action.busy} onClick={load} data-testid="audit-refresh">
          Verify again
        </button>
      </div>
      <ul class="entries" aria-label="Audit entries, newest first" data-testid="audit-list">
        {entries.map((entry) => (
          <li key={entry.seq} class="entry" data-testid="audit-item" data-seq={entry.seq}>
            <p class="entry__text">
              #{entry.seq} {entry.action} — {entry.outcome}
            </p>
            <p class="entry__meta">
              <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>
              {entry.subject ? ` · ${entry.subject}` : ""}
            </p>
          </li>
        ))}
      </ul>
      <Status status={action.status} error={action.error} testId="audit" />
    </section>
  );
}
