/**
 * A key/value vault as a searchable list: prefix search, paging, store (new or edit), forget.
 * The vault is given as a small source object, so Mind, Body and the unlocked Soul share this view.
 * Storing over an existing key asks first; a replace or a forget can be undone for a few seconds.
 */
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { useConfirm } from "../ConfirmDialog/index.js";
import { clip, plural } from "../lib/format.js";
import { lastKey, takePage } from "../lib/paging.js";
import { useAction } from "../lib/useAction.js";
import { LongText } from "../LongText/index.js";
import { Status } from "../Status/index.js";
import { useUndo } from "../UndoBar/index.js";

export interface KvSource {
  /** "Mind", "Body", "Soul": used in headings and messages. */
  name: string;
  list(prefix: string, limit: number, after: string | undefined): Promise<Array<[string, string]>>;
  /** The value under `key`, to ask before replacing it. */
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  forget(key: string): Promise<boolean>;
}

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
  const [pairs, setPairs] = useState<Array<[string, string]>>([]);
  const [hasMore, setHasMore] = useState(false);
  const [draftKey, setDraftKey] = useState("");
  const [draftValue, setDraftValue] = useState("");
  const list = useAction();
  const edit = useAction();
  const { dialog, confirm } = useConfirm();
  const undo = useUndo(testId, () => void load());
  const listing = useRef(0);
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
      const ticket = ++listing.current;
      return list.run(async () => {
        const prefix = vaultFilterPrefix(source.name, appliedQuery);
        const fetched = await guarded(() => source.list(prefix, KV_PAGE_SIZE + 1, after));
        if (ticket !== listing.current) return;
        const page = takePage(fetched, KV_PAGE_SIZE);
        const all = [...shown, ...page.items];
        setPairs(all);
        setHasMore(page.hasMore);
        if (all.length === 0 && prefix) return `No keys start with "${prefix}".`;
        const where = prefix ? ` starting with "${prefix}"` : "";
        return `${plural(all.length, "entry", "entries")}${where}${page.hasMore ? ", more available" : ""}.`;
      });
    },
    [source, appliedQuery, list.run, guarded],
  );

  useEffect(() => {
    void load();
  }, [load, revision]);

  const store = (event: Event) => {
    event.preventDefault();
    const key = draftKey.trim();
    const value = draftValue;
    void edit
      .run(async () => {
        const previous = key === "" ? undefined : await guarded(() => source.get(key));
        if (previous !== undefined && previous !== value) {
          const yes = await confirm({
            title: `Replace the memory '${clip(previous)}'?`,
            message: `${key} in the ${source.name} Vault already holds that. Storing puts the new value in its place; you can undo for a few seconds.`,
            confirmLabel: "Replace",
          });
          if (!yes) return "Nothing was changed.";
        }
        await guarded(() => source.store(key, value));
        setDraftKey("");
        setDraftValue("");
        if (previous !== undefined && previous !== value) {
          undo.offer(`Replaced '${clip(previous)}' under ${key}.`, async () => {
            await guarded(() => source.store(key, previous));
            return `Put back '${clip(previous)}' under ${key}.`;
          });
          return `Replaced ${key} in the ${source.name} Vault.`;
        }
        return `Stored ${key} in the ${source.name} Vault.`;
      })
      .then((ok) => ok && load());
  };

  const forget = async (key: string) => {
    const value = pairs.find(([k]) => k === key)?.[1];
    const message = `${key} will be deleted; you can undo for a few seconds.`;
    if (!(await confirm({ title: `Forget this ${source.name} entry?`, message, confirmLabel: "Forget" }))) return;
    await edit.run(async () => {
      const existed = await guarded(() => source.forget(key));
      setPairs((previous) => previous.filter(([k]) => k !== key));
      if (existed && value !== undefined) {
        undo.offer(`Forgot ${key}.`, async () => {
          await guarded(() => source.store(key, value));
          return `Put back ${key}.`;
        });
      }
      return existed ? `Forgot ${key}.` : `${key} was already gone.`;
    });
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
        <form class="form" onSubmit={store} data-testid={`${testId}-store-form`}>
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
              onInput={(event) => setDraftKey(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for={`${id}-value`}>Value</label>
            <textarea
              id={`${id}-value`}
              data-testid={`${testId}-value`}
              value={draftValue}
              onInput={(event) => setDraftValue(event.currentTarget.value)}
            />
          </div>
          <div class="button-row">
            <button type="submit" class="button button--primary" disabled={edit.busy} data-testid={`${testId}-store`}>
              Store
            </button>
          </div>
        </form>
        <Status status={edit.status} error={edit.error} testId={`${testId}-edit`} />
        {undo.bar}
      </section>

      <section class="card" aria-labelledby={`${id}-list-title`}>
        <h2 id={`${id}-list-title`}>{source.name} entries</h2>
        <form
          class="row"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setAppliedQuery(query);
          }}
        >
          <div class="field">
            <label for={`${id}-query`}>Key starts with</label>
            <input
              id={`${id}-query`}
              type="search"
              data-testid={`${testId}-query`}
              autocomplete="off"
              autocapitalize="off"
              spellcheck={false}
              value={query}
              onInput={(event) => setQuery(event.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button" data-testid={`${testId}-search`}>
            Search
          </button>
        </form>
        <Status status={list.status} error={list.error} testId={`${testId}-list`} />
        {pairs.length ? (
          <ul class="entries" data-testid={`${testId}-list`} aria-label={`${source.name} entries`}>
            {pairs.map(([key, value]) => (
              <li class="entry" key={key} data-testid="kv-item" data-key={key}>
                <p class="entry__key">{key}</p>
                <LongText text={value} />
                <div class="button-row">
                  <button type="button" class="button button--small" onClick={() => startEdit(key, value)}>
                    Edit<span class="visually-hidden"> {key}</span>
                  </button>
                  <button type="button" class="button button--small button--danger" disabled={edit.busy} onClick={() => void forget(key)}>
                    Forget<span class="visually-hidden"> {key}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        ) : list.busy || list.error ? null : vaultFilterPrefix(source.name, appliedQuery) ? (
          <p class="empty" data-testid={`${testId}-empty`}>
            No keys start with "{vaultFilterPrefix(source.name, appliedQuery)}".
          </p>
        ) : (
          <p class="empty" data-testid={`${testId}-empty`}>
            Nothing here yet.
          </p>
        )}
        {hasMore ? (
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
