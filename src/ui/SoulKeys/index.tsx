/**
 * Soul Vault key management while unlocked: change the passphrase (and, by default, rotate the key with
 * it, so the old passphrase stops opening new records through an old backup), rotate the
 * data key (re-encrypts every record, with progress; stopping is safe, the next rotation resumes), and
 * forget this device's remembered key.
 */
import { useId } from "preact/hooks";
import { ChangePassphrase } from "./ChangePassphrase.js";
import { RotateKey, type RotateKeyProps } from "./RotateKey.js";

export interface SoulKeysProps extends Omit<RotateKeyProps, "id"> {
  remembered: boolean;
}

export function SoulKeys({ soul, rotationPending, remembered, onChanged, onFailure }: SoulKeysProps) {
  const id = useId();
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Keys</h2>
      <ChangePassphrase id={id} soul={soul} remembered={remembered} onChanged={onChanged} />
      <RotateKey id={id} soul={soul} rotationPending={rotationPending} onChanged={onChanged} onFailure={onFailure} />
    </section>
  );
}
