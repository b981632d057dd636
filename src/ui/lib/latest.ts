/**
 * Search-as-you-type without freezing the page or showing stale answers: each new query waits a short
 * pause (debounce), cancels the one in flight (AbortSignal, for APIs that honour it) and, since not every
 * API can stop work already started, drops any answer that is not for the newest query.
 */

export interface LatestQueryOptions<T> {
  run: (query: string, signal: AbortSignal) => Promise<T>;
  onResult: (result: T, query: string) => void;
  onError: (error: unknown, query: string) => void;
  /** Called when a query starts running (after the pause) and when the newest one settles. */
  onBusy?: (busy: boolean) => void;
  delayMs?: number;
}

export class LatestQuery<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private sequence = 0;

  constructor(private readonly options: LatestQueryOptions<T>) {}

  /** Runs `query` after the pause unless another comes first. `immediate` skips the pause (Enter). */
  schedule(query: string, immediate = false): void {
    this.cancel();
    const ticket = this.sequence;
    const start = (): void => {
      this.timer = undefined;
      void this.start(query, ticket);
    };
    if (immediate) start();
    else this.timer = setTimeout(start, this.options.delayMs ?? 150);
  }

  /** Forgets the pending and in-flight queries; their answers will be dropped. */
  cancel(): void {
    this.sequence += 1;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.controller = undefined;
  }

  private async start(query: string, ticket: number): Promise<void> {
    if (ticket !== this.sequence) return;
    const controller = new AbortController();
    this.controller = controller;
    this.options.onBusy?.(true);
    try {
      const result = await this.options.run(query, controller.signal);
      if (ticket === this.sequence) this.options.onResult(result, query);
    } catch (error) {
      if (ticket === this.sequence) this.options.onError(error, query);
    } finally {
      if (ticket === this.sequence) {
        this.controller = undefined;
        this.options.onBusy?.(false);
      }
    }
  }
}
