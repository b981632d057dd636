/**
 * "Replaced … Undo" for a few seconds after a replace or a forget: the change is made at once (no
 * half-written state to lose if the tab closes), and Undo writes back what was there. One bar per
 * list; a newer change takes the place of the older offer.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import "./style.css";

/** Long enough to notice and reach the button, short enough not to linger over later work. */
export const UNDO_MS = 10_000;

interface Offer {
  message: string;
  undo: () => Promise<string>;
}

export interface Undo {
  /** Render once, next to the list it undoes for. */
  bar: JSX.Element;
  offer: (message: string, undo: () => Promise<string>) => void;
}

export function useUndo(testId: string, onUndone?: () => void): Undo {
  const [current, setCurrent] = useState<Offer | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const action = useAction();

  const offer = useCallback((message: string, undo: () => Promise<string>) => {
    clearTimeout(timer.current);
    setCurrent({ message, undo });
    timer.current = setTimeout(() => setCurrent(undefined), UNDO_MS);
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  const run = () => {
    if (!current) return;
    clearTimeout(timer.current);
    setCurrent(undefined);
    void action.run(current.undo).then((ok) => ok && onUndone?.());
  };

  const bar = (
    <div class="undo" data-testid={`${testId}-undo`}>
      {current ? (
        <p class="undo__bar">
          <span class="undo__message">{current.message}</span>
          <button type="button" class="button button--small" data-testid={`${testId}-undo-button`} onClick={run}>
            Undo
          </button>
        </p>
      ) : null}
      <Status status={action.status} error={action.error} testId={`${testId}-undo`} />
    </div>
  );
  return { bar, offer };
}
