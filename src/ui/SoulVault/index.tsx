/**
 * The Soul tab of the Vaults page. Which screen shows is decided from the vault itself on every render:
 * while `soul.isLocked` the list is not even mounted, so no soul text is in the page. A lock that happens
 * elsewhere (another tab rotated the key; a SOUL_LOCKED error) brings the lock screen back.
 */
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { isPhoenixError, type Phoenix, type SoulVault as SoulVaultApi } from "../../index.js";
import { KvTable, type KvSource } from "../KvTable/index.js";
import { describeError, type ErrorView } from "../lib/errors.js";
import { SoulKeys } from "../SoulKeys/index.js";
import { SoulLock } from "../SoulLock/index.js";
import { Status } from "../Status/index.js";
import "./style.css";

type Phase =
  | { kind: "checking" }
  | { kind: "unavailable"; error: ErrorView }
  | { kind: "setup" }
  | { kind: "ready"; remembered: boolean; rotationPending: boolean };

/** How often an unlocked view checks that the vault was not locked behind its back. */
const LOCK_CHECK_MS = 1000;

export function SoulVault({ phoenix }: { phoenix: Phoenix }) {
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

  const onFailure = useCallback(
    (error: unknown) => {
      if (isPhoenixError(error, "SOUL_LOCKED") || isPhoenixError(error, "SOUL_NOT_SET_UP")) void refresh();
    },
    [refresh],
  );

  const source = useMemo(
    (): KvSource => ({
      name: "Soul",
      // One damaged record must not hide the others: it is listed with a marker instead of its value.
      list: async (prefix, limit, after) => {
        const { entries, failures } = await phoenix.vaults.soul.recallPrefixSettled(prefix, limit, { after });
        const marked = failures.map((failure): [string, string] => [failure.key, `⚠ Unreadable (${failure.code}): damaged or tampered with`]);
        return [...entries, ...marked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      },
      get: (key) => phoenix.vaults.recallSoul(key),
      store: (key, value) => phoenix.vaults.storeSoul(key, value),
      forget: (key) => phoenix.vaults.forgetSoul(key),
    }),
    [phoenix],
  );

  if (!("isSetUp" in soul) || phase.kind === "unavailable") {
    const error = "isSetUp" in soul ? (phase.kind === "unavailable" ? phase.error : undefined) : soul;
    return (
      <section class="card" data-testid="soul-unavailable">
        <h2>Soul Vault</h2>
        <Status status="" error={error} testId="soul" />
      </section>
    );
  }
  if (phase.kind === "checking") return <p role="status">Checking the Soul Vault…</p>;
  if (phase.kind === "setup") return <SoulLock soul={soul} mode="setup" remembered={false} onUnlocked={() => void refresh()} />;
  if (!unlocked) return <SoulLock soul={soul} mode="unlock" remembered={phase.remembered} onUnlocked={() => void refresh()} />;

  return (
    <div data-testid="soul-unlocked">
      <div class="card soul-bar">
        <p role="status" class="soul-bar__state">
          The Soul Vault is unlocked.
        </p>
        <button
          type="button"
          class="button button--primary"
          data-testid="soul-lock-button"
          onClick={() => {
            soul.lock();
            rerender();
          }}
        >
          Lock
        </button>
      </div>
      <KvTable source={source} testId="soul" onFailure={onFailure} keyPlaceholder="dad:last_soft_memory" />
      <SoulKeys
        soul={soul}
        rotationPending={phase.rotationPending}
        remembered={phase.remembered}
        onChanged={() => void refresh()}
        onFailure={onFailure}
      />
    </div>
  );
}
