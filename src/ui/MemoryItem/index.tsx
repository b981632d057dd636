/** One Neural Cortex memory as a list item: key, text (as text, never HTML), times, and Forget. */
import type { StoredMemory } from "../../index.js";
import { formatDateTime } from "../lib/format.js";
import { LongText } from "../LongText/index.js";

export interface MemoryItemProps {
  memoryKey: string;
  memory: StoredMemory;
  busy?: boolean;
  onForget: (key: string) => void;
}

export function MemoryItem({ memoryKey, memory, busy = false, onForget }: MemoryItemProps) {
  const changed = memory.updatedAt !== memory.createdAt;
  return (
    <li class="entry" data-testid="memory-item" data-key={memoryKey}>
      <p class="entry__key">{memoryKey}</p>
      <LongText text={memory.text} />
      <div class="entry__footer">
        <p class="entry__meta">
          {memory.layer} · etched <time dateTime={new Date(memory.createdAt).toISOString()}>{formatDateTime(memory.createdAt)}</time>
          {changed ? (
            <>
              {" "}
              · changed <time dateTime={new Date(memory.updatedAt).toISOString()}>{formatDateTime(memory.updatedAt)}</time>
            </>
          ) : null}
        </p>
        <button type="button" class="button button--danger button--small" disabled={busy} onClick={() => onForget(memoryKey)}>
          Forget<span class="visually-hidden"> {memoryKey}</span>
        </button>
      </div>
    </li>
  );
}
