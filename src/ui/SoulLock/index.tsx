/**
 * The Soul Vault's lock screen: first setup (passphrase twice) or unlock (passphrase, or this device's
 * remembered key). Passphrases live in component state only while typed and are cleared on submit.
 * Argon2id makes each attempt take a noticeable moment on purpose, so the button says what is happening.
 */
import { useId, useState } from "preact/hooks";
import { PhoenixError, MIN_PASSPHRASE_LENGTH, type SoulVault } from "../../index.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { PassphraseField } from "../PassphraseField/index.js";

export interface SoulLockProps {
  soul: SoulVault;
  mode: "setup" | "unlock";
  /** A device key is stored: offer to unlock without the passphrase. */
  remembered: boolean;
  onUnlocked: () => void;
}

export function SoulLock({ soul, mode, remembered, onUnlocked }: SoulLockProps) {
  const id = useId();
  const [passphrase, setPassphrase] = useState("");
  const [repeat, setRepeat] = useState("");
  const [remember, setRemember] = useState(remembered);
  const [reveal, setReveal] = useState(false);
  const action = useAction();
  const setup = mode === "setup";

  const submit = (event: Event) => {
    event.preventDefault();
    const typed = passphrase;
    const typedAgain = repeat;
    setPassphrase("");
    setRepeat("");
    void action
      .run(async () => {
        if (setup) {
          if (typed !== typedAgain) throw new PhoenixError("INVALID_ARGUMENT", "The two passphrases differ.", { replace: true });
          await soul.setup(typed, { rememberOnDevice: remember });
        } else {
          await soul.unlock(typed, { rememberOnDevice: remember });
        }
      })
      .then((ok) => ok && onUnlocked());
  };

  const unlockWithDevice = () => {
    void action
      .run(async () => {
        if (!(await soul.unlockWithDevice())) {
          throw new PhoenixError("BAD_PASSPHRASE", "This device's key no longer opens the vault; use the passphrase.", { replace: true });
        }
      })
      .then((ok) => ok && onUnlocked());
  };

  return (
    <section class="card soul-lock" aria-labelledby={`${id}-title`} data-testid="soul-lock">
      <h2 id={`${id}-title`}>{setup ? "Set up the Soul Vault" : "The Soul Vault is locked"}</h2>
      <p class="field__hint">
        {setup
          ? `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters — a few unrelated words are best. It cannot be recovered: without it, the Soul Vault cannot be read, not even from a backup.`
          : "Its memories are encrypted on this device. Enter the passphrase to read them."}
      </p>
      <form class="form" onSubmit={submit} data-testid={setup ? "soul-setup-form" : "soul-unlock-form"}>
        <PassphraseField
          id={`${id}-passphrase`}
          label={setup ? "New passphrase" : "Passphrase"}
          testId="soul-passphrase"
          value={passphrase}
          onInput={setPassphrase}
          autocomplete={setup ? "new-password" : "current-password"}
          minLength={setup ? MIN_PASSPHRASE_LENGTH : undefined}
          shown={reveal}
        />
        {setup ? (
          <PassphraseField
            id={`${id}-repeat`}
            label="Repeat the passphrase"
            testId="soul-passphrase-repeat"
            value={repeat}
            onInput={setRepeat}
            autocomplete="new-password"
            shown={reveal}
          />
        ) : null}
        <label class="check">
          <input type="checkbox" checked={reveal} onChange={(event) => setReveal(event.currentTarget.checked)} />
          Show passphrase
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-testid="soul-remember"
            checked={remember}
            onChange={(event) => setRemember(event.currentTarget.checked)}
            aria-describedby={`${id}-remember-hint`}
          />
          Remember on this device
        </label>
        <p class="field__hint" id={`${id}-remember-hint`}>
          Unlocks here without the passphrase. Protects a copied backup, not this browser profile: anyone who can use
          this browser can open the vault.
        </p>
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={action.busy} data-testid={setup ? "soul-setup" : "soul-unlock"}>
            {action.busy ? (setup ? "Setting up…" : "Unlocking…") : setup ? "Set up and unlock" : "Unlock"}
          </button>
          {!setup && remembered ? (
            <button type="button" class="button" disabled={action.busy} data-testid="soul-unlock-device" onClick={unlockWithDevice}>
              Unlock with this device
            </button>
          ) : null}
        </div>
      </form>
      <Status status={action.busy ? "Deriving the key from the passphrase…" : action.status} error={action.error} testId="soul-lock" />
    </section>
  );
}
