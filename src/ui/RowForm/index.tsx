/**
 * A small form laid out as one row (a search, a filter, a passphrase to open something), and its query
 * field. Submitting (Enter or the button) calls `onSubmit` without reloading the page. Shared by the
 * Search page, the vaults' prefix search, the layer filter and the archive passphrase so all answer the
 * keyboard alike.
 */
import type { ComponentChildren } from "preact";

export interface RowFormProps {
  onSubmit: () => void;
  /** "search" for a search form (a landmark). */
  role?: "search";
  testId?: string;
  children: ComponentChildren;
}

export function RowForm({ onSubmit, role, testId, children }: RowFormProps) {
  return (
    <form
      class="row"
      role={role}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      data-testid={testId}
    >
      {children}
    </form>
  );
}

export interface QueryFieldProps {
  /** The input's id; its label points at it. */
  id: string;
  label: string;
  testId: string;
  value: string;
  onInput: (value: string) => void;
  /** Extra class names of the field, after "field". */
  class?: string;
  placeholder?: string;
  /** The query is typed literally (a key): no autocapitalisation or spellcheck. */
  literal?: boolean;
}

export function QueryField({ id, label, testId, value, onInput, class: extra, placeholder, literal = false }: QueryFieldProps) {
  return (
    <div class={extra ? `field ${extra}` : "field"}>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="search"
        data-testid={testId}
        autocomplete="off"
        {...(literal ? { autocapitalize: "off", spellcheck: false } : {})}
        placeholder={placeholder}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </div>
  );
}
