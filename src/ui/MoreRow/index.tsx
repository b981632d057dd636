/**
 * The "More" button under a paged list, shown only while more exists. One component for every paged
 * list (vaults, layers, streams) so that they page alike.
 */

export interface MoreRowProps {
  hasMore: boolean;
  busy: boolean;
  testId: string;
  onMore: () => void;
}

export function MoreRow({ hasMore, busy, testId, onMore }: MoreRowProps) {
  if (!hasMore) return null;
  return (
    <div class="button-row">
      <button type="button" class="button" disabled={busy} data-testid={testId} onClick={onMore}>
        More
      </button>
    </div>
  );
}
