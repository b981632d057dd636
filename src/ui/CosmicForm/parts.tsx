/**
 * The fields of the Add-an-item form: the stream (with the known streams offered) and its source, and the
 * time, empty for "now", with a button that fills in the current time.
 */

export interface StreamFieldsProps {
  id: string;
  streams: readonly string[];
  streamType: string;
  source: string;
  onStreamType: (streamType: string) => void;
  onSource: (source: string) => void;
}

export function StreamFields({ id, streams, streamType, source, onStreamType, onSource }: StreamFieldsProps) {
  return (
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
          onInput={(event) => onStreamType(event.currentTarget.value)}
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
          onInput={(event) => onSource(event.currentTarget.value)}
        />
      </div>
    </div>
  );
}

export interface TimeFieldProps {
  id: string;
  when: string;
  /** A time typed by the person. */
  onWhen: (when: string) => void;
  onFillNow: () => void;
}

export function TimeField({ id, when, onWhen, onFillNow }: TimeFieldProps) {
  return (
    <div class="field">
      <label for={`${id}-when`}>Time</label>
      <input
        id={`${id}-when`}
        data-testid="cosmic-time"
        type="datetime-local"
        step={1}
        value={when}
        onInput={(event) => onWhen(event.currentTarget.value)}
        aria-describedby={`${id}-when-hint`}
      />
      <p class="field__hint" id={`${id}-when-hint`}>
        Leave empty for now. Stored as Unix seconds.{" "}
        <button type="button" class="button button--small" onClick={onFillNow}>
          Fill in now
        </button>
      </p>
    </div>
  );
}
