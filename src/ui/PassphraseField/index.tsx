/**
 * One passphrase input with its label: the Soul Vault's lock screen and key changes, and an archive's
 * passphrase for export and import all use it, so every passphrase field behaves alike (no
 * autocapitalisation or spellcheck, the password manager's hint, optional "show").
 */

export interface PassphraseFieldProps {
  /** The input's id; its label points at it. */
  id: string;
  label: string;
  testId: string;
  value: string;
  onInput: (value: string) => void;
  /** "new-password" where a passphrase is chosen, "current-password" where one is asked for. */
  autocomplete: "new-password" | "current-password";
  minLength?: number | undefined;
  /** Show the characters (a "show passphrase" box was ticked). */
  shown?: boolean;
}

export function PassphraseField({ id, label, testId, value, onInput, autocomplete, minLength, shown = false }: PassphraseFieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        // Preact's JSX types pick allowed attributes by a literal `type`; both types accept the same ones here.
        type={(shown ? "text" : "password") as "password"}
        required
        minLength={minLength}
        autocomplete={autocomplete}
        autocapitalize="off"
        spellcheck={false}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </div>
  );
}
