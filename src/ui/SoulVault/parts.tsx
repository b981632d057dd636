/**
 * The pieces of the Soul tab: the Soul Vault as a KvTable source, the card shown when the vault cannot
 * be opened, and the unlocked view (lock bar, entries, keys).
 */
import type { Phoenix, SoulVault as SoulVaultApi } from "../../index.js";
import { KvTable, type KvSource } from "../KvTable/index.js";
import type { ErrorView } from "../lib/errors.js";
import { SoulKeys } from "../SoulKeys/index.js";
import { Status } from "../Status/index.js";

/** The unlocked Soul Vault as a list source. One damaged record must not hide the others: it is listed with a marker instead of its value. */
export function soulSource(phoenix: Phoenix): KvSource {
  return {
    name: "Soul",
    list: async (prefix, limit, after) => {
      const { entries, failures } = await phoenix.vaults.soul.recallPrefixSettled(prefix, limit, { after });
      const marked = failures.map((failure): [string, string] => [failure.key, `⚠ Unreadable (${failure.code}): damaged or tampered with`]);
      return [...entries, ...marked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    },
    get: (key) => phoenix.vaults.recallSoul(key),
    store: (key, value) => phoenix.vaults.storeSoul(key, value),
    forget: (key) => phoenix.vaults.forgetSoul(key),
  };
}

export function SoulUnavailable({ error }: { error: ErrorView | undefined }) {
  return (
    <section class="card" data-testid="soul-unavailable">
      <h2>Soul Vault</h2>
      <Status status="" error={error} testId="soul" />
    </section>
  );
}

export interface SoulUnlockedProps {
  soul: SoulVaultApi;
  source: KvSource;
  remembered: boolean;
  rotationPending: boolean;
  onLock: () => void;
  onChanged: () => void;
  onFailure: (error: unknown) => void;
}

export function SoulUnlocked({ soul, source, remembered, rotationPending, onLock, onChanged, onFailure }: SoulUnlockedProps) {
  return (
    <div data-testid="soul-unlocked">
      <div class="card soul-bar">
        <p role="status" class="soul-bar__state">
          The Soul Vault is unlocked.
        </p>
        <button type="button" class="button button--primary" data-testid="soul-lock-button" onClick={onLock}>
          Lock
        </button>
      </div>
      <KvTable source={source} testId="soul" onFailure={onFailure} keyPlaceholder="dad:last_soft_memory" />
      <SoulKeys soul={soul} rotationPending={rotationPending} remembered={remembered} onChanged={onChanged} onFailure={onFailure} />
    </div>
  );
}
