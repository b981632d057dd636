/**
 * The two live regions of a form or list: a polite status (results, "Saved") and an assertive alert
 * (errors, with their code). Both elements are always rendered, even empty, because screen readers only
 * announce changes to a live region that already existed.
 */
import type { ErrorView } from "../lib/errors.js";
import "./style.css";

export interface StatusProps {
  status?: string;
  error?: ErrorView | undefined;
  /** Prefix of the data-testid of both regions: `${testId}-status`, `${testId}-error`. */
  testId: string;
}

export function Status({ status, error, testId }: StatusProps) {
  return (
    <div class="status">
      <p class="status__message" role="status" data-testid={`${testId}-status`}>
        {status}
      </p>
      <p class="status__error" role="alert" data-testid={`${testId}-error`}>
        {error ? (
          <>
            {error.message}
            {error.code ? (
              <>
                {" "}
                <code class="status__code">{error.code}</code>
              </>
            ) : null}
            {error.code === "QUOTA_EXCEEDED" ? (
              <>
                {" "}
                <a href="#/" data-testid={`${testId}-free-space`}>
                  See how full storage is and free space
                </a>
              </>
            ) : null}
          </>
        ) : null}
      </p>
    </div>
  );
}
