/**
 * The pieces of the Soul Vault's lock screen: the passphrase fields (twice at setup) with "Show
 * passphrase", the "Remember on this device" box with what it does and does not protect, and the
 * buttons. SoulLock keeps the state and the calls; these only draw and report.
 */
import { MIN_PASSPHRASE_LENGTH } from "../../index.js";
import { PassphraseField } from "../PassphraseField/index.js";

export interface PassphraseFieldsProps {
  id: string;
  setup: boolean;
  passphrase: string;
  repeat: string;
  reveal: boolean;
  onPassphrase: (passphrase: string) => void;
  onRepeat: (repeat: string) => void;
  onReveal: (reveal: boolean) => void;
}

export function PassphraseFields({ id, setup, passphrase, repeat, reveal, onPassphrase, onRepeat, onReveal }: PassphraseFieldsProps) {
  return (
    <>
      <PassphraseField
        id={`${id}-passphrase`}
        label={setup ? "New passphrase" : "Passphrase"}
        testId="soul-passphrase"
        value={passphrase}
        onInput={onPassphrase}
        autocomplete={setup ? "new-password" : "current-password"}
        minLength={setup ? MIN_PASSPHRASE_LENGTH : undefined}
        shown={reveal}
      />
      {setup ? (
        <PassphraseField id={`${id}-repeat`} label="Repeat the passphrase" testId="soul-passphrase-repeat" value={repeat} onInput={onRepeat} autocomplete="new-password" shown={reveal} />
      ) : null}
      <label class="check">
        <input type="checkbox" checked={reveal} onChange={(event) => onReveal(event.currentTarget.checked)} />
        Show passphrase
      </label>
    </>
  );
}

export function RememberCheck({ id, remember, onRemember }: { id: string; remember: boolean; onRemember: (remember: boolean) => void }) {
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          data-testid="soul-remember"
          checked={remember}
          onChange={(event) => onRemember(event.currentTarget.checked)}
          aria-describedby={`${id}-remember-hint`}
        />
        Remember on this device
      </label>
      <p class="field__hint" id={`${id}-remember-hint`}>
        Unlocks here without the passphrase. Protects a copied backup, not this browser profile: anyone who can use
        this browser can open the vault.
      </p>
    </>
  );
}

export interface LockButtonsProps {
  setup: boolean;
  busy: boolean;
  /** Offer "Unlock with this device". */
  withDevice: boolean;
  onUnlockWithDevice: () => void;
}

export function LockButtons({ setup, busy, withDevice, onUnlockWithDevice }: LockButtonsProps) {
  return (
    <div class="button-row">
      <button type="submit" class="button button--primary" disabled={busy} data-testid={setup ? "soul-setup" : "soul-unlock"}>
        {busy ? (setup ? "Setting up…" : "Unlocking…") : setup ? "Set up and unlock" : "Unlock"}
      </button>
      {withDevice ? (
        <button type="button" class="button" disabled={busy} data-testid="soul-unlock-device" onClick={onUnlockWithDevice}>
          Unlock with this device
        </button>
      ) : null}
    </div>
  );
}
