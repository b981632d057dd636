/**
 * The one place where a setting reaches a module that keeps its own copy. Lifetimes, top-k and the audit
 * size are read at each use and need nothing here.
 */
import type { Backups } from "../backup/index.js";
import type { CortexSweeper } from "../stores/cortex-sweeper.js";
import type { PhoenixSettings } from "./index.js";

interface AutoLocking {
  setAutoLockMs?: (ms: number) => void;
}

/**
 * The Soul Vault's idle lock, when the vault has one (`setAutoLockMs`); otherwise the setting is stored
 * and takes effect once the vault learns it. Returns whether it was applied.
 */
export function applySoulAutoLock(soul: object, ms: number): boolean {
  const vault = soul as AutoLocking;
  if (typeof vault.setAutoLockMs !== "function") return false;
  vault.setAutoLockMs(ms);
  return true;
}

/**
 * Applies the current settings now and after every change (from this tab or another). An auto-lock time
 * given to openPhoenix({ soul: { autoLockMs } }) wins at open; later changes of the setting apply.
 */
export function wireSettings(
  settings: PhoenixSettings,
  targets: { soul: object; backups: Backups; sweeper: CortexSweeper },
  options: { soulAutoLockFromOptions?: boolean } = {},
): () => void {
  if (!options.soulAutoLockFromOptions) applySoulAutoLock(targets.soul, settings.snapshot.soul.autoLockMs);
  return settings.onChange((current, changed) => {
    if (changed.includes("soul.autoLockMs")) applySoulAutoLock(targets.soul, current.soul.autoLockMs);
    if (changed.some((field) => field.startsWith("pulse."))) void targets.backups.pulse.settingsChanged().catch(() => undefined);
    // New lifetimes move the next expiry; a new interval the next round.
    if (changed.some((field) => field.startsWith("retention."))) targets.sweeper.reschedule();
  });
}
