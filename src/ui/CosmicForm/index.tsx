/** Add one item to a Hyperspace stream. The timestamp is the seed's Unix seconds, entered as local time. */
import { useId, useState } from "preact/hooks";
import { type Phoenix, PhoenixError } from "../../index.js";
import { formatUnixSeconds, fromLocalInputValue, toLocalInputValue } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { SubmitRow } from "../SubmitRow/index.js";
import { StreamFields, TimeField } from "./parts.js";

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

  const typeWhen = (value: string) => {
    setWhen(value);
    setWhenIsNow(false);
  };
  const fillNow = () => {
    setWhen(toLocalInputValue(Date.now()));
    setWhenIsNow(true);
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add an item</h2>
      <form class="form" onSubmit={submit} data-testid="cosmic-form">
        <StreamFields id={id} streams={streams} streamType={streamType} source={source} onStreamType={setStreamType} onSource={setSource} />
        <TimeField id={id} when={when} onWhen={typeWhen} onFillNow={fillNow} />
        <div class="field">
          <label for={`${id}-data`}>Data</label>
          <textarea id={`${id}-data`} data-testid="cosmic-data" required value={data} onInput={(event) => setData(event.currentTarget.value)} />
        </div>
        <SubmitRow busy={action.busy} testId="cosmic-submit">
          Add
        </SubmitRow>
      </form>
      <Status status={action.status} error={action.error} testId="cosmic" />
    </section>
  );
}
