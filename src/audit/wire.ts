/**
 * The facade's side of the audit log: which operations of which module are logged (hooks.ts does the
 * wrapping), and the check of an archive's audit log before it is imported.
 */
import { PhoenixError } from "../errors.js";
import type { ArchiveRecords, Backups } from "../backup/index.js";
import type { VitalOrganVaults, SoulStore } from "../stores/vaults.js";
import type { PhoenixSettings } from "../settings/index.js";
import type { Profiles } from "../settings/profiles.js";
import { audited, auditSoul } from "./hooks.js";
import { AUDIT_CHECKPOINT_KEY, AUDIT_HEAD_KEY, auditHasher, parseCheckpoint, parseHead, verifyChain, type AuditLog } from "./index.js";

interface Audited {
  soul: object;
  vaults: VitalOrganVaults<SoulStore>;
  backups: Backups;
  settings: PhoenixSettings;
  profiles: Profiles;
}

interface CountsLike {
  mode?: string;
  stores?: Record<string, { added: number; updated: number; removed: number; skipped: number }>;
}

function importSubject(report: unknown): string {
  const { mode, stores } = (report ?? {}) as CountsLike;
  const total = (field: "added" | "updated" | "removed" | "skipped") =>
    Object.values(stores ?? {}).reduce((sum, counts) => sum + (counts[field] ?? 0), 0);
  return `mode=${mode ?? "?"} added=${total("added")} updated=${total("updated")} removed=${total("removed")} skipped=${total("skipped")}`;
}

export function wireAudit(audit: AuditLog, modules: Audited): void {
  auditSoul(audit, modules.soul);
  audited(audit, modules.vaults, "clearBody", { action: "body.clear", subject: (_args, removed) => `${String(removed)} records` });
  audited(audit, modules.backups, "export", {
    action: "backup.export",
    subject: (args) => ((args[0] as { passphrase?: unknown } | undefined)?.passphrase === undefined ? "plain" : "encrypted"),
  });
  audited(audit, modules.backups, "import", { action: "backup.import", subject: (_args, report) => importSubject(report) });
  audited(audit, modules.backups.pulse, "restore", {
    action: "snapshot.restore",
    subject: (args, report) => `${String(args[0])} ${importSubject(report)}`,
  });
  audited(audit, modules.settings, "update", {
    action: "settings.update",
    subject: (args) => changedPaths(args[0]).join(",") || undefined,
  });
  audited(audit, modules.profiles, "delete", { action: "profile.delete", subject: (args) => String(args[0]) });
}

/** "retention.stmMs" for each field named in a patch. */
function changedPaths(patch: unknown): string[] {
  if (typeof patch !== "object" || patch === null) return [];
  return Object.entries(patch).flatMap(([group, fields]) =>
    typeof fields === "object" && fields !== null ? Object.keys(fields).map((field) => `${group}.${field}`) : [],
  );
}

/** An archive whose audit log does not verify is refused before anything is written. */
export async function checkArchiveAudit(records: ArchiveRecords): Promise<void> {
  const entries = records("audit_log").sort((a, b) => Number(a[0]) - Number(b[0]));
  const meta = new Map(records("meta").map(([key, value]) => [key, value]));
  const result = verifyChain(await auditHasher(), entries, parseHead(meta.get(AUDIT_HEAD_KEY)), parseCheckpoint(meta.get(AUDIT_CHECKPOINT_KEY)));
  if (!result.ok) {
    throw new PhoenixError("AUDIT_BROKEN", `The archive's audit log breaks at entry ${String(result.brokenAt)}; nothing was imported.`, {
      subject: `audit_log:${String(result.brokenAt)}`,
    });
  }
}
