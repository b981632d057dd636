/**
 * The Soul tab of the Vaults page. Which screen shows is decided from the vault itself on every render:
 * while `soul.isLocked` the list is not even mounted, so no soul text is in the page. A lock that happens
 * elsewhere (another tab rotated the key; a SOUL_LOCKED error) brings the lock screen back.
 */
import { useCallback, useMemo } from "preact/hooks";
import { isPhoenixError, type Phoenix } from "../../index.js";
import { SoulLock } from "../SoulLock/index.js";
import { soulSource, SoulUnavailable, SoulUnlocked } from "./parts.js";
import { useSoulPhase } from "./useSoulPhase.js";
import "./style.css";

export function SoulVault({ phoenix }: { phoenix: Phoenix }) {
  const { soul, phase, refresh, rerender, unlocked } = useSoulPhase(phoenix);

  const onFailure = useCallback(
    (error: unknown) => {
      if (isPhoenixError(error, "SOUL_LOCKED") || isPhoenixError(error, "SOUL_NOT_SET_UP")) void refresh();
    },
    [refresh],
  );
  const source = useMemo(() => soulSource(phoenix), [phoenix]);

  if (!("isSetUp" in soul)) return <SoulUnavailable error={soul} />;
  if (phase.kind === "unavailable") return <SoulUnavailable error={phase.error} />;
  if (phase.kind === "checking") return <p role="status">Checking the Soul Vault…</p>;
  if (phase.kind === "setup") return <SoulLock soul={soul} mode="setup" remembered={false} onUnlocked={() => void refresh()} />;
  if (!unlocked) return <SoulLock soul={soul} mode="unlock" remembered={phase.remembered} onUnlocked={() => void refresh()} />;

  const lock = () => {
    soul.lock();
    rerender();
  };
  return (
    <SoulUnlocked
      soul={soul}
      source={source}
      remembered={phase.remembered}
      rotationPending={phase.rotationPending}
      onLock={lock}
      onChanged={() => void refresh()}
      onFailure={onFailure}
    />
  );
}
