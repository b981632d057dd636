/**
 * The Settings page: what the seed kept in environment variables, grouped, each field with its unit and
 * default and a reset per group; the profiles; the audit log. Changes made in another tab show at once.
 */
import { useEffect, useState } from "preact/hooks";
import type { PageProps } from "../lib/route.js";
import type { Settings, SettingsGroup as Group } from "../../index.js";
import { AuditLog } from "../AuditLog/index.js";
import { Page } from "../Page/index.js";
import { Profiles } from "../Profiles/index.js";
import { SentenceModel } from "../SentenceModel/index.js";
import { SettingsGroup } from "../SettingsGroup/index.js";

const GROUPS: Array<{ group: Group; title: string; hint: string }> = [
  { group: "retention", title: "Memory lifetimes", hint: "Short-term and working memories expire after these times; episodic memories fade in ranking." },
  { group: "vectorKb", title: "Vector KB", hint: "Semantic search. Off: no search worker starts, existing entries stay." },
  { group: "pulse", title: "Automatic snapshots", hint: "Vital Pulse snapshots while the app is open." },
  { group: "soul", title: "Soul Vault", hint: "The unlocked Soul Vault locks itself after this long without use." },
  { group: "audit", title: "Audit log", hint: "How many entries of the audit log are kept." },
];

export function SettingsPage({ phoenix }: PageProps) {
  const [settings, setSettings] = useState<Settings>(() => phoenix.settings.get());
  useEffect(() => {
    setSettings(phoenix.settings.get());
    return phoenix.settings.onChange(() => setSettings(phoenix.settings.get()));
  }, [phoenix]);

  return (
    <Page id="settings" title="Settings" intro="How long memories live, search, the sentence model, snapshots, the Soul Vault's lock, profiles and the audit log.">
      {GROUPS.map((item) => (
        <SettingsGroup key={item.group} phoenix={phoenix} settings={settings} {...item} />
      ))}
      <SentenceModel phoenix={phoenix} />
      <Profiles phoenix={phoenix} />
      <AuditLog phoenix={phoenix} />
    </Page>
  );
}

export default SettingsPage;
