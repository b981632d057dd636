/**
 * A yes/no question before anything destructive (forget, clear, restore, replace), as a native modal
 * <dialog>: it traps focus, closes on Escape (as "no"), and puts focus back where it was. The safe
 * answer has the initial focus, so a stray Enter does not destroy anything.
 */
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import "./style.css";

export interface ConfirmRequest {
  title: string;
  message: string;
  /** The label of the destructive button, a verb: "Forget", "Clear". */
  confirmLabel: string;
}

interface Pending extends ConfirmRequest {
  resolve: (confirmed: boolean) => void;
}

export interface Confirm {
  /** Render this once in the page. */
  dialog: JSX.Element;
  /** Asks; resolves true only when the person picked the destructive button. */
  confirm: (request: ConfirmRequest) => Promise<boolean>;
}

export function useConfirm(): Confirm {
  const [pending, setPending] = useState<Pending | undefined>(undefined);
  const pendingRef = useRef<Pending | undefined>(undefined);

  const confirm = useCallback((request: ConfirmRequest) => {
    pendingRef.current?.resolve(false);
    return new Promise<boolean>((resolve) => {
      const next = { ...request, resolve };
      pendingRef.current = next;
      setPending(next);
    });
  }, []);

  const close = useCallback((confirmed: boolean) => {
    pendingRef.current?.resolve(confirmed);
    pendingRef.current = undefined;
    setPending(undefined);
  }, []);

  useEffect(() => () => pendingRef.current?.resolve(false), []);

  return { dialog: <ConfirmDialog pending={pending} onClose={close} />, confirm };
}

function ConfirmDialog({ pending, onClose }: { pending: Pending | undefined; onClose: (confirmed: boolean) => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const id = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !pending || dialog.open) return;
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.returnValue = "";
    dialog.showModal();
  }, [pending]);

  const handleClose = () => {
    const confirmed = dialogRef.current?.returnValue === "confirm";
    const target = returnFocus.current;
    returnFocus.current = null;
    onClose(confirmed);
    if (target?.isConnected) target.focus();
  };

  return (
    <dialog
      ref={dialogRef}
      class="confirm"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      onClose={handleClose}
      data-testid="confirm-dialog"
    >
      {pending ? (
        <form method="dialog" class="confirm__form">
          <h2 id={`${id}-title`} class="confirm__title">
            {pending.title}
          </h2>
          <p id={`${id}-message`} class="confirm__message">
            {pending.message}
          </p>
          <div class="confirm__actions">
            <button type="submit" value="cancel" class="button" autofocus data-testid="confirm-cancel">
              Cancel
            </button>
            <button type="submit" value="confirm" class="button button--danger" data-testid="confirm-accept">
              {pending.confirmLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
