/**
 * The Soul Vault's lock screen: first setup (passphrase twice) or unlock (passphrase, or this device's
 * remembered key). Passphrases live in component state only while typed and are cleared on submit.
 * Argon2id makes each attempt take a noticeable moment on purpose, so the button says what is happening.
 */
import { useId, useState } from "preact/hooks";
import { PhoenixError, MIN_PASSPHRASE_LENGTH, type SoulVault } from "../../index.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { LockButtons, PassphraseFields, RememberCheck } from "./parts.js";

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
        <PassphraseFields {...{ id, setup, passphrase, repeat, reveal }} onPassphrase={setPassphrase} onRepeat={setRepeat} onReveal={setReveal} />
        <RememberCheck id={id} remember={remember} onRemember={setRemember} />
        <LockButtons setup={setup} busy={action.busy} withDevice={!setup && remembered} onUnlockWithDevice={unlockWithDevice} />
      </form>
      <Status status={action.busy ? "Deriving the key from the passphrase…" : action.status} error={action.error} testId="soul-lock" />
    </section>
  );
}
