/** The Vaults page: Mind (facts) and Body (operational state) as key/value lists, Soul behind its lock. */
import { useMemo, useState } from "preact/hooks";
import type { PageProps } from "../lib/route.js";
import type { Phoenix } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { KvTable, type KvSource } from "../KvTable/index.js";
import { plural } from "../lib/format.js";
import { readHashParam, writeHashParam } from "../lib/hashQuery.js";
import { useAction } from "../lib/useAction.js";
import { Page } from "../Page/index.js";
import { SoulVault } from "../SoulVault/index.js";
import { Status } from "../Status/index.js";

const VAULTS = [
  { id: "mind", label: "Mind" },
  { id: "body", label: "Body" },
  { id: "soul", label: "Soul" },
] as const;
type VaultId = (typeof VAULTS)[number]["id"];

function isVaultId(value: string | undefined): value is VaultId {
  return VAULTS.some((vault) => vault.id === value);
}

function plainSource(phoenix: Phoenix, vault: "mind" | "body"): KvSource {
  const { vaults } = phoenix;
  return vault === "mind"
    ? {
        name: "Mind",
        list: (prefix, limit, after) => vaults.recallPrefix(`mind:${prefix}`, limit, { after }),
        get: (key) => vaults.recallMind(key),
        store: (key, value) => vaults.storeMind(key, value),
        forget: (key) => vaults.forgetMind(key),
      }
    : {
        name: "Body",
        list: (prefix, limit, after) => vaults.recallPrefix(`body:${prefix}`, limit, { after }),
        get: (key) => vaults.recallBody(key),
        store: (key, value) => vaults.storeBody(key, value),
        forget: (key) => vaults.forgetBody(key),
      };
}

export function VaultsPage({ phoenix }: PageProps) {
  const [vault, setVault] = useState<VaultId>(() => {
    const linked = readHashParam("vault");
    return isVaultId(linked) ? linked : "mind";
  });
  const [bodyRevision, setBodyRevision] = useState(0);
  const mind = useMemo(() => plainSource(phoenix, "mind"), [phoenix]);
  const body = useMemo(() => plainSource(phoenix, "body"), [phoenix]);
  const clear = useAction();
  const { dialog, confirm } = useConfirm();

  const choose = (next: VaultId) => {
    setVault(next);
    writeHashParam("vault", next);
  };

  const clearBody = async () => {
    const yes = await confirm({
      title: "Clear the Body Vault?",
      message: "Every Body entry (operational state) will be deleted. Mind and Soul are not touched.",
      confirmLabel: "Clear Body",
    });
    if (!yes) return;
    await clear.run(async () => {
      const removed = await phoenix.vaults.clearBody();
      setBodyRevision((n) => n + 1);
      return `Cleared the Body Vault: ${plural(removed, "entry", "entries")} removed.`;
    });
  };

  return (
    <Page id="vaults" title="Vaults" intro="Mind holds facts, Body holds operational state, Soul holds private memories, encrypted.">
      <div class="segmented" role="group" aria-label="Vault">
        {VAULTS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            class="button"
            aria-pressed={vault === id}
            data-testid={`vault-tab-${id}`}
            onClick={() => choose(id)}
          >
            {label}
          </button>
        ))}
      </div>
      {vault === "mind" ? <KvTable key="mind" source={mind} testId="mind" /> : null}
      {vault === "body" ? (
        <>
          <KvTable key="body" source={body} testId="body" revision={bodyRevision} keyPlaceholder="system:last_sync" />
          <section class="card" aria-label="Clear the Body Vault">
            <button type="button" class="button button--danger" disabled={clear.busy} data-testid="body-clear" onClick={() => void clearBody()}>
              Clear Body
            </button>
            <Status status={clear.status} error={clear.error} testId="body-clear" />
          </section>
        </>
      ) : null}
      {vault === "soul" ? <SoulVault phoenix={phoenix} /> : null}
      {dialog}
    </Page>
  );
}

export default VaultsPage;
