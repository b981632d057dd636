/**
 * Which Soul screen to show, read from the vault itself: not available, checking, to be set up, or set
 * up (remembered on this device? a rotation to finish?). While unlocked it checks every LOCK_CHECK_MS
 * that the vault was not locked behind the page's back (another tab rotated the key), and re-renders.
 */
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import type { Phoenix, SoulVault as SoulVaultApi } from "../../index.js";
import { describeError, type ErrorView } from "../lib/errors.js";

export type Phase =
  | { kind: "checking" }
  | { kind: "unavailable"; error: ErrorView }
  | { kind: "setup" }
  | { kind: "ready"; remembered: boolean; rotationPending: boolean };

/** How often an unlocked view checks that the vault was not locked behind its back. */
const LOCK_CHECK_MS = 1000;

export interface SoulPhase {
  /** The vault, or why it cannot be opened. */
  soul: SoulVaultApi | ErrorView;
  phase: Phase;
  refresh: () => Promise<void>;
  rerender: () => void;
  unlocked: boolean;
}

export function useSoulPhase(phoenix: Phoenix): SoulPhase {
  const [phase, setPhase] = useState<Phase>({ kind: "checking" });
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((n) => n + 1), []);

  const soul = useMemo((): SoulVaultApi | ErrorView => {
    try {
      return phoenix.vaults.soul;
    } catch (error) {
      return describeError(error);
    }
  }, [phoenix]);

  const refresh = useCallback(async () => {
    if (!("isSetUp" in soul)) {
      setPhase({ kind: "unavailable", error: soul });
      return;
    }
    try {
      if (!(await soul.isSetUp())) return setPhase({ kind: "setup" });
      const [remembered, rotationPending] = await Promise.all([soul.isRememberedOnDevice(), soul.isRotationPending()]);
      setPhase({ kind: "ready", remembered, rotationPending });
    } catch (error) {
      setPhase({ kind: "unavailable", error: describeError(error) });
    }
  }, [soul]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const unlocked = "isSetUp" in soul && phase.kind === "ready" && !soul.isLocked;

  useEffect(() => {
    if (!unlocked || !("isSetUp" in soul)) return;
    const timer = setInterval(() => {
      if (soul.isLocked) rerender();
    }, LOCK_CHECK_MS);
    return () => clearInterval(timer);
  }, [unlocked, soul, rerender]);

  return { soul, phase, refresh, rerender, unlocked };
}
