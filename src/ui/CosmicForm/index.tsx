/** Add one item to a Hyperspace stream. The timestamp is the seed's Unix seconds, entered as local time. */
import { useId, useState } from "preact/hooks";
import { type Phoenix, PhoenixError } from "../../index.js";
import { formatUnixSeconds, fromLocalInputValue, toLocalInputValue } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

export interface CosmicFormProps {
  phoenix: Phoenix;
  streams: readonly string[];
  initialStream: string | undefined;
  onAdded: (stream: string) => void;
}

export function CosmicForm({ phoenix, streams, initialStream, onAdded }: CosmicFormProps) {
  const id = useId();
  const [streamType, setStreamType] = useState(initialStream ?? "");
  const [source, setSource] = useState("");
  const [data, setData] = useState("");
  // Empty means "now, when added": a prefilled time would go stale while the form sits open.
  const [when, setWhen] = useState("");
  // "Fill in now" means now: after an Add it moves on to the new now, where a typed time stays.
  const [whenIsNow, setWhenIsNow] = useState(false);
  const action = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const ms = when === "" ? Date.now() : fromLocalInputValue(when);
      if (ms === undefined) throw new PhoenixError("INVALID_TIMESTAMP", `"${when}" is not a date and time.`, { replace: true });
      const timestamp = Math.floor(ms / 1000);
      const stream = streamType.trim();
      await phoenix.cache.storeCosmicData({ streamType: stream, source: source.trim() || stream, data, timestamp });
      setData("");
      if (whenIsNow) setWhen(toLocalInputValue(Date.now()));
      onAdded(stream);
      return `Added to ${stream} at ${formatUnixSeconds(timestamp)} (${timestamp}).`;
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add an item</h2>
      <form class="form" onSubmit={submit} data-testid="cosmic-form">
        <div class="row">
          <div class="field">
            <label for={`${id}-stream`}>Stream</label>
            <input
              id={`${id}-stream`}
              data-testid="cosmic-stream"
              required
              list={`${id}-streams`}
              autocomplete="off"
              autocapitalize="off"
              spellcheck={false}
              placeholder="big_bang"
              value={streamType}
              onInput={(event) => setStreamType(event.currentTarget.value)}
            />
            <datalist id={`${id}-streams`}>
              {streams.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </div>
          <div class="field">
            <label for={`${id}-source`}>Source</label>
            <input
              id={`${id}-source`}
              data-testid="cosmic-source"
              autocomplete="off"
              placeholder="same as the stream"
              value={source}
              onInput={(event) => setSource(event.currentTarget.value)}
            />
          </div>
        </div>
        <div class="field">
          <label for={`${id}-when`}>Time</label>
          <input
            id={`${id}-when`}
            data-testid="cosmic-time"
            type="datetime-local"
            step={1}
            value={when}
            onInput={(event) => {
              setWhen(event.currentTarget.value);
              setWhenIsNow(false);
            }}
            aria-describedby={`${id}-when-hint`}
          />
          <p class="field__hint" id={`${id}-when-hint`}>
            Leave empty for now. Stored as Unix seconds.{" "}
            <button type="button" class="button button--small" onClick={() => {
                setWhen(toLocalInputValue(Date.now()));
                setWhenIsNow(true);
              }}>
              Fill in now
            </button>
          </p>
        </div>
        <div class="field">
          <label for={`${id}-data`}>Data</label>
          <textarea id={`${id}-data`} data-testid="cosmic-data" required value={data} onInput={(event) => setData(event.currentTarget.value)} />
        </div>
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={action.busy} data-testid="cosmic-submit">
            Add
          </button>
        </div>
      </form>
      <Status status={action.status} error={action.error} testId="cosmic" />
    </section>
  );
}
