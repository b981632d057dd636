/**
 * A key/value vault as a searchable list: prefix search, paging, store (new or edit), forget.
 * The vault is given as a small source object, so Mind, Body and the unlocked Soul share this view.
 * Storing over an existing key asks first; a replace or a forget can be undone for a few seconds.
 */
import { useId, useRef, useState } from "preact/hooks";
import { useConfirm } from "../ConfirmDialog/index.js";
import { lastKey } from "../lib/paging.js";
import { useAction } from "../lib/useAction.js";
import { MoreRow } from "../MoreRow/index.js";
import { Status } from "../Status/index.js";
import { useUndo } from "../UndoBar/index.js";
import { forgetEntry, storeEntry, type KvEdits, type KvSource } from "./edits.js";
import { KvListBody, KvSearchForm, KvStoreForm } from "./parts.js";
import { useKvList } from "./useKvList.js";

export type { KvSource } from "./edits.js";
export { KV_PAGE_SIZE, vaultFilterPrefix } from "./useKvList.js";

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

export function KvTable({ source, testId, revision = 0, onFailure, keyPlaceholder = "fact:capital_france" }: KvTableProps) {
  const id = useId();
  const [draftKey, setDraftKey] = useState("");
  const [draftValue, setDraftValue] = useState("");
  const kv = useKvList(source, revision, onFailure);
  const { action: list, paged, load } = kv;
  const pairs = paged.items;
  const edit = useAction();
  const { dialog, confirm } = useConfirm();
  const undo = useUndo(testId, () => void load());
  const keyInput = useRef<HTMLInputElement>(null);
  const edits: KvEdits = { source, guarded: kv.guarded, confirm, offerUndo: undo.offer };

  const store = (event: Event) => {
    event.preventDefault();
    const clearDraft = () => {
      setDraftKey("");
      setDraftValue("");
    };
    void edit.run(() => storeEntry(edits, draftKey.trim(), draftValue, clearDraft)).then((ok) => ok && load());
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

  return (
    <div class="kv" data-testid={`${testId}-vault`}>
      <section class="card" aria-labelledby={`${id}-store-title`}>
        <h2 id={`${id}-store-title`}>Store in {source.name}</h2>
        <KvStoreForm
          {...{ id, testId, keyInput, keyPlaceholder, draftKey, draftValue }}
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
        <KvSearchForm id={id} testId={testId} query={kv.query} onQuery={kv.setQuery} onSearch={kv.search} />
        <Status status={list.status} error={list.error} testId={`${testId}-list`} />
        <KvListBody
          testId={testId}
          name={source.name}
          pairs={pairs}
          busy={edit.busy}
          onEdit={startEdit}
          onForget={(key) => void forget(key)}
          quiet={list.busy || list.error !== undefined}
          filterPrefix={kv.filterPrefix}
        />
        <MoreRow hasMore={paged.hasMore} busy={list.busy} testId={`${testId}-more`} onMore={() => void load(lastKey(pairs), pairs)} />
      </section>
      {dialog}
    </div>
  );
}
