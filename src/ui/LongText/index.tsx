/**
 * A stored text in a list: up to PREVIEW_CHARS shown, the rest on demand ("Show all"). A memory may be a
 * megabyte; rendering it whole makes a page hundreds of thousands of pixels tall and slow to lay out.
 */
import { useState } from "preact/hooks";

export const PREVIEW_CHARS = 1_000;

export interface LongTextProps {
  text: string;
  /** Class of the paragraph, "entry__text" by default. */
  class?: string;
}

export function LongText({ text, class: className = "entry__text" }: LongTextProps) {
  const [open, setOpen] = useState(false);
  if (text.length <= PREVIEW_CHARS) return <p class={className}>{text}</p>;
  const hidden = text.length - PREVIEW_CHARS;
  return (
    <div class="long-text" data-testid="long-text" data-open={open}>
      <p class={className}>{open ? text : `${text.slice(0, PREVIEW_CHARS)}…`}</p>
      <button type="button" class="button button--small" aria-expanded={open} data-testid="long-text-toggle" onClick={() => setOpen(!open)}>
        {open ? "Show less" : `Show all (${hidden.toLocaleString()} more ${hidden === 1 ? "character" : "characters"})`}
      </button>
    </div>
  );
}
