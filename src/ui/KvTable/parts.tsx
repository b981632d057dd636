/**
 * The named pieces of KvTable: the store form (key and value), the prefix search, and the list of entries
 * with their Edit and Forget buttons. KvTable keeps the state and the calls; these only draw and report.
 */
import type { RefObject } from "preact";
import { LongText } from "../LongText/index.js";
import { QueryField, RowForm } from "../RowForm/index.js";
import { SubmitRow } from "../SubmitRow/index.js";

export interface KvStoreFormProps {
  id: string;
  testId: string;
  keyInput: RefObject<HTMLInputElement | null>;
  keyPlaceholder: string;
  draftKey: string;
  draftValue: string;
  busy: boolean;
  onKey: (key: string) => void;
  onValue: (value: string) => void;
  onSubmit: (event: Event) => void;
}

export function KvStoreForm({ id, testId, keyInput, keyPlaceholder, draftKey, draftValue, busy, onKey, onValue, onSubmit }: KvStoreFormProps) {
  return (
    <form class="form" onSubmit={onSubmit} data-testid={`${testId}-store-form`}>
      <div class="field">
        <label for={`${id}-key`}>Key</label>
        <input
          id={`${id}-key`}
          ref={keyInput}
          data-testid={`${testId}-key`}
          required
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder={keyPlaceholder}
          value={draftKey}
          onInput={(event) => onKey(event.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${id}-value`}>Value</label>
        <textarea id={`${id}-value`} data-testid={`${testId}-value`} value={draftValue} onInput={(event) => onValue(event.currentTarget.value)} />
      </div>
      <SubmitRow busy={busy} testId={`${testId}-store`}>
        Store
      </SubmitRow>
    </form>
  );
}

export interface KvSearchFormProps {
  id: string;
  testId: string;
  query: string;
  onQuery: (query: string) => void;
  onSearch: () => void;
}

export function KvSearchForm({ id, testId, query, onQuery, onSearch }: KvSearchFormProps) {
  return (
    <RowForm role="search" onSubmit={onSearch}>
      <QueryField id={`${id}-query`} label="Key starts with" testId={`${testId}-query`} value={query} onInput={onQuery} literal />
      <button type="submit" class="button" data-testid={`${testId}-search`}>
        Search
      </button>
    </RowForm>
  );
}

export interface KvEntriesProps {
  testId: string;
  /** The vault's name, for the list's accessible name. */
  name: string;
  pairs: ReadonlyArray<[string, string]>;
  busy: boolean;
  onEdit: (key: string, value: string) => void;
  onForget: (key: string) => void;
}

export function KvEntries({ testId, name, pairs, busy, onEdit, onForget }: KvEntriesProps) {
  return (
    <ul class="entries" data-testid={`${testId}-list`} aria-label={`${name} entries`}>
      {pairs.map(([key, value]) => (
        <li class="entry" key={key} data-testid="kv-item" data-key={key}>
          <p class="entry__key">{key}</p>
          <LongText text={value} />
          <div class="button-row">
            <button type="button" class="button button--small" onClick={() => onEdit(key, value)}>
              Edit<span class="visually-hidden"> {key}</span>
            </button>
            <button type="button" class="button button--small button--danger" disabled={busy} onClick={() => onForget(key)}>
              Forget<span class="visually-hidden"> {key}</span>
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

export interface KvListBodyProps extends KvEntriesProps {
  /** The list is loading or failed: no "empty" line then. */
  quiet: boolean;
  filterPrefix: string;
}

/** The entries, or why there are none. */
export function KvListBody({ quiet, filterPrefix, ...entries }: KvListBodyProps) {
  if (entries.pairs.length) return <KvEntries {...entries} />;
  if (quiet) return null;
  return (
    <p class="empty" data-testid={`${entries.testId}-empty`}>
      {filterPrefix ? `No keys start with "${filterPrefix}".` : "Nothing here yet."}
    </p>
  );
}
