/**
 * Changing the Soul Vault's passphrase (and, by default, rotating the key with it, so the old passphrase
 * stops opening new records through an old backup), and forgetting this device's remembered key. The
 * three fields are emptied as soon as the change is asked for.
 */
import { useState } from "preact/hooks";
import { PhoenixError, MIN_PASSPHRASE_LENGTH, type SoulVault } from "../../index.js";
import { useAction } from "../lib/useAction.js";
import { PassphraseField } from "../PassphraseField/index.js";
import { Status } from "../Status/index.js";

export interface ChangePassphraseProps {
  id: string;
  soul: SoulVault;
  remembered: boolean;
  onChanged: () => void;
}

export function ChangePassphrase({ id, soul, remembered, onChanged }: ChangePassphraseProps) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  // On by default: a changed passphrase should also stop an older backup's keyring from opening new records.
  const [alsoRotate, setAlsoRotate] = useState(true);
  const action = useAction();

  const changePassphrase = (event: Event) => {
    event.preventDefault();
    const [oldOne, newOne, newAgain] = [current, next, repeat];
    setCurrent("");
    setNext("");
    setRepeat("");
    void action.run(async () => {
      if (newOne !== newAgain) throw new PhoenixError("INVALID_ARGUMENT", "The two new passphrases differ.", { replace: true });
      const rotated = await soul.changePassphrase(oldOne, newOne, { rotate: alsoRotate });
      onChanged();
      return rotated
        ? `The passphrase is changed and a new key is in use (${rotated.reencrypted} records re-encrypted). Use the new passphrase from now on.`
        : "The passphrase is changed. Use the new one from now on.";
    });
  };

  const forgetDevice = () => {
    void action.run(async () => {
      await soul.forgetDevice();
      onChanged();
      return "This device no longer remembers the key; only the passphrase unlocks.";
    });
  };

  return (
    <>
      <form class="form" onSubmit={changePassphrase} data-testid="soul-change-form">
        <h3 class="field__label">Change the passphrase</h3>
        <PassphraseField id={`${id}-current`} label="Current passphrase" testId="soul-current-passphrase" value={current} onInput={setCurrent} autocomplete="current-password" />
        <PassphraseField id={`${id}-next`} label="New passphrase" testId="soul-new-passphrase" value={next} onInput={setNext} autocomplete="new-password" minLength={MIN_PASSPHRASE_LENGTH} />
        <PassphraseField id={`${id}-repeat`} label="Repeat the new passphrase" testId="soul-new-passphrase-repeat" value={repeat} onInput={setRepeat} autocomplete="new-password" />
        <label class="check">
          <input type="checkbox" data-testid="soul-change-rotate" checked={alsoRotate} onChange={(event) => setAlsoRotate(event.currentTarget.checked)} />
          Also rotate the key (recommended: the old passphrase with an old backup then opens nothing written later)
        </label>
        <div class="button-row">
          <button type="submit" class="button" disabled={action.busy} data-testid="soul-change">
            {action.busy ? "Changing…" : "Change passphrase"}
          </button>
          {remembered ? (
            <button type="button" class="button" disabled={action.busy} onClick={forgetDevice} data-testid="soul-forget-device">
              Forget this device
            </button>
          ) : null}
        </div>
      </form>
      <Status status={action.status} error={action.error} testId="soul-change" />
    </>
  );
}
