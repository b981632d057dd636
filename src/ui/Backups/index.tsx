/** The Backups page: export, import (with a summary before anything is written), automatic snapshots, a database check. */
import { useState } from "preact/hooks";
import type { PageProps } from "../lib/route.js";
import { BackupExport } from "../BackupExport/index.js";
import { BackupImport } from "../BackupImport/index.js";
import { HealthCheck } from "../HealthCheck/index.js";
import { Page } from "../Page/index.js";
import { Snapshots } from "../Snapshots/index.js";

export function BackupsPage({ phoenix }: PageProps) {
  const [revision, setRevision] = useState(0);
  return (
    <Page id="backups" title="Backups" intro="Keep a copy of everything as a file, bring one back, or go back to an automatic snapshot.">
      <BackupExport phoenix={phoenix} />
      <BackupImport phoenix={phoenix} onImported={() => setRevision((n) => n + 1)} />
      <Snapshots phoenix={phoenix} revision={revision} />
      <HealthCheck phoenix={phoenix} onRestored={() => setRevision((n) => n + 1)} />
    </Page>
  );
}

export default BackupsPage;
