/**
 * The state every form and button on a page shares: busy while a call runs, then a status message or
 * an error. One hook so that every page reports results and failures the same way (into the live
 * regions of <Status>).
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { describeError, type ErrorView } from "./errors.js";

export interface ActionState {
  busy: boolean;
  status: string;
  error: ErrorView | undefined;
}

export interface Action extends ActionState {
  /**
   * Runs `work`; its string result becomes the status message. Resolves true on success.
   * A failure is shown, never thrown, so callers need no try/catch.
   */
  run: (work: () => Promise<string | void>) => Promise<boolean>;
  setStatus: (status: string) => void;
  setError: (error: unknown) => void;
}

export function useAction(): Action {
  const [state, setState] = useState<ActionState>({ busy: false, status: "", error: undefined });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const run = useCallback(async (work: () => Promise<string | void>): Promise<boolean> => {
    setState((previous) => ({ ...previous, busy: true, error: undefined }));
    try {
      const status = await work();
      if (mounted.current) setState({ busy: false, status: status ?? "", error: undefined });
      return true;
    } catch (error) {
      if (mounted.current) setState({ busy: false, status: "", error: describeError(error) });
      return false;
    }
  }, []);

  const setStatus = useCallback((status: string) => setState({ busy: false, status, error: undefined }), []);
  const setError = useCallback((error: unknown) => setState({ busy: false, status: "", error: describeError(error) }), []);

  return { ...state, run, setStatus, setError };
}
