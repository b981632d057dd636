/**
 * The row under a form with its one primary submit button, disabled while the form's call runs. One
 * component so that every form's main button looks and behaves alike.
 */
import type { ComponentChildren } from "preact";

export interface SubmitRowProps {
  busy: boolean;
  testId: string;
  children: ComponentChildren;
}

export function SubmitRow({ busy, testId, children }: SubmitRowProps) {
  return (
    <div class="button-row">
      <button type="submit" class="button button--primary" disabled={busy} data-testid={testId}>
        {children}
      </button>
    </div>
  );
}
