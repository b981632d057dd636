/**
 * A key/value vault as a searchable list: prefix search, paging, store (new or edit), forget.
 * The vault is given as a small source object, so Mind, Body and the unlocked Soul share this view.
 * Storing over an existing key asks first; a replace or a forget can be undone for a few seconds.
 */
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { useConfirm } from "../ConfirmDialog/index.js";
import { plural } from "../lib/format.js";
import { lastKey, takePage } from "../lib/paging.js";
import { useAction } from "../lib/useAction.js";
import { usePagedList } from "../lib/usePagedList.js";
import { forgetEntry, storeEntry, type KvEdits, type KvSource } from "./edits.js";

export type { KvSource } from "./edits.js";
import { KvEntries, KvSearchForm, KvStoreForm } from "./parts.js";
import { Status } from "../Status/index.js";
import { useUndo } from "../UndoBar/index.js";

export interface KvTableProps {
  source: KvSource;
  /** Prefix of every data-testid in the view: "mind", "body", "soul". */
  testId: string;
  /** Bumped from outside (e.g. after "Clear Body") to reload the list. */
  revision?: number;
  /** Every failure also goes here (the Soul view locks itself on SOUL_LOCKED). */
  onFailure?: (error: unknown) => void;
  keyPlaceholder?: string;
}

export const KV_PAGE_SIZE = 25;

/**
 * The in-vault prefix for a filter: the README writes routed prefixes ("mind:fact:"), so a leading
 * name of the vault shown is dropped ("mind:fact:" in the Mind list means "fact:").
 */
export function vaultFilterPrefix(vaultName: string, filter: string): string {
  const routed = `${vaultName.toLowerCase()}:`;
  return filter.toLowerCase().startsWith(routed) ? filter.slice(routed.length) : filter;
}

export function KvTable({ source, testId, revision = 0, onFailure, keyPlaceholder = "fact:capital_france" }: KvTableProps) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [appliedQuery, setAppliedQuery] = useState("");
  const [draftKey, setDraftKey] = useState("");
  const [draftValue, setDraftValue] = useState("");
  const list = useAction();
  const edit = useAction();
  const paged = usePagedList<[string, string]>(list.run);
  const pairs = paged.items;
  const { dialog, confirm } = useConfirm();
  const undo = useUndo(testId, () => void load());
  const keyInput = useRef<HTMLInputElement>(null);

  const guarded = useCallback(
    async <T,>(work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        onFailure?.(error);
        throw error;
      }
    },
    [onFailure],
  );

  const load = useCallback(
    (after?: string, shown: Array<[string, string]> = []) => {
      const prefix = vaultFilterPrefix(source.name, appliedQuery);
      return paged.load(
        async () => takePage(await guarded(() => source.list(prefix, KV_PAGE_SIZE + 1, after)), KV_PAGE_SIZE),
        shown,
        (all, hasMore) => {
          if (all.length === 0 && prefix) return `No keys start with "${prefix}".`;
          const where = prefix ? ` starting with "${prefix}"` : "";
          return `${plural(all.length, "entry", "entries")}${where}${hasMore ? ", more available" : ""}.`;
        },
      );
    },
    [source, appliedQuery, paged.load, guarded],
  );

  useEffect(() => {
    void load();
  }, [load, revision]);

  const edits: KvEdits = { source, guarded, confirm, offerUndo: undo.offer };

  const store = (event: Event) => {
    event.preventDefault();
    const key = draftKey.trim();
    const value = draftValue;
    void edit
      .run(() =>
        storeEntry(edits, key, value, () => {
          setDraftKey("");
          setDraftValue("");
        }),
      )
      .then((ok) => ok && load());
  };

  const forget = async (key: string) => {
    const value = pairs.find(([k]) => k === key)?.[1];
    const message = `${key} will be deleted; you can undo for a few seconds.`;
    if (!(await confirm({ title: `Forget this ${source.name} entry?`, message, confirmLabel: "Forget" }))) return;
    await edit.run(() => forgetEntry(edits, key, value, () => paged.setItems((previous) => previous.filter(([k]) => k !== key))));
  };

  const startEdit = (key: string, value: string) => {
    setDraftKey(key);
    setDraftValue(value);
    keyInput.current?.focus();
  };

  const filterPrefix = vaultFilterPrefix(source.name, appliedQuery);
  return (
    <div class="kv" data-testid={`${testId}-vault`}>
      <section class="card" aria-labelledby={`${id}-store-title`}>
        <h2 id={`${id}-store-title`}>Store in {source.name}</h2>
        <KvStoreForm
          id={id}
          testId={testId}
          keyInput={keyInput}
          keyPlaceholder={keyPlaceholder}
          draftKey={draftKey}
          draftValue={draftValue}
          busy={edit.busy}
          onKey={setDraftKey}
          onValue={setDraftValue}
          onSubmit={store}
        />
        <Status status={edit.status} error={edit.error} testId={`${testId}-edit`} />
        {undo.bar}
      </section>

      <section class="card" aria-labelledby={`${id}-list-title`}>
        <h2 id={`${id}-list-title`}>{source.name} entries</h2>
        <KvSearchForm id={id} testId={testId} query={query} onQuery={setQuery} onSearch={() => setAppliedQuery(query)} />
        <Status status={list.status} error={list.error} testId={`${testId}-list`} />
        {pairs.length ? (
          <KvEntries testId={testId} name={source.name} pairs={pairs} busy={edit.busy} onEdit={startEdit} onForget={(key) => void forget(key)} />
        ) : list.busy || list.error ? null : filterPrefix ? (
          <p class="empty" data-testid={`${testId}-empty`}>
            No keys start with "{filterPrefix}".
          </p>
        ) : (
          <p class="empty" data-testid={`${testId}-empty`}>
            Nothing here yet.
          </p>
        )}
        {paged.hasMore ? (
          <div class="button-row">
            <button type="button" class="button" disabled={list.busy} data-testid={`${testId}-more`} onClick={() => void load(lastKey(pairs), pairs)}>
              More
            </button>
          </div>
        ) : null}
      </section>
      {dialog}
    </div>
  );
}
