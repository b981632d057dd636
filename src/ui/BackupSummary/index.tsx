/**
 * What a backup holds (from backups.inspect) and what an import did (its report), as tables under the
 * stores' friendly names. On a narrow screen each row of the report stacks into a small card
 * (style.css), so six columns never push off a phone's screen.
 */
import type { BackupSummary as Summary, ImportReport } from "../../index.js";
import { formatBytes, formatDateTime } from "../lib/format.js";
import { StoreName } from "../StoreName/index.js";
import "./style.css";

export function BackupSummary({ summary, fileName }: { summary: Summary; fileName: string }) {
  const { manifest } = summary;
  const stores = Object.entries(summary.records);
  return (
    <div data-testid="import-summary">
      <h3 class="field__label">{fileName}</h3>
      <ul class="entries">
        <li class="entry">Made {formatDateTime(Date.parse(manifest.createdAt))} by Phoenix Memory {manifest.appVersion}</li>
        <li class="entry">
          {formatBytes(summary.fileBytes)} file, {formatBytes(summary.expandedBytes)} unpacked{summary.encrypted ? ", encrypted" : ""}
        </li>
      </ul>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">Records per store in the backup</caption>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col" class="num">
                Records
              </th>
            </tr>
          </thead>
          <tbody>
            {stores.map(([store, records]) => (
              <tr key={store} data-store={store}>
                <th scope="row">
                  <StoreName store={store} />
                </th>
                <td class="num" data-count={records}>
                  {(records ?? 0).toLocaleString("en")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const COLUMNS = ["added", "updated", "kept", "removed", "skipped"] as const;

export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div class="table-wrap" data-testid="import-report">
      <table class="table table--stack">
        <caption class="visually-hidden">What the import changed, per store</caption>
        <thead>
          <tr>
            <th scope="col">Store</th>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" class="num">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.entries(report.stores).map(([store, counts]) => (
            <tr key={store} data-store={store}>
              <th scope="row">
                <StoreName store={store} />
              </th>
              {COLUMNS.map((column) => (
                <td key={column} class="num" data-column={column} data-label={column}>
                  {counts[column].toLocaleString("en")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
