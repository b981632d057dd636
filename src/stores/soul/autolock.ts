/**
 * Auto-lock of the Soul Vault: after `autoLockMs` without any use of the vault, and when the page has been
 * hidden for that long. Unlocked keys left in a forgotten tab are usable by anyone at the computer and by
 * any script in the page; locking drops them.
 *
 * Timers in a hidden or suspended page fire late or not at all, so every check also compares clock times:
 * the vault checks `expired()` before each use, and a page shown again after a long time locks at once.
 * Clock, timers and the page-visibility source are injectable so tests need no real waiting.
 */
import { PhoenixError } from "../../errors.js";

export const DEFAULT_AUTO_LOCK_MS = 15 * 60 * 1000;
/** setTimeout's largest delay (about 24.8 days); 0 turns auto-lock off. */
export const MAX_AUTO_LOCK_MS = 2_147_483_647;

export interface AutoLockClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PageVisibility {
  isHidden(): boolean;
  /** Calls `listener` whenever the page is shown or hidden; returns a function that stops listening. */
  subscribe(listener: () => void): () => void;
}

export const systemClock: AutoLockClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The document's visibility, or none outside a page (workers, Node). */
export function documentVisibility(): PageVisibility | undefined {
  if (typeof document === "undefined") return undefined;
  return {
    isHidden: () => document.visibilityState === "hidden",
    subscribe(listener) {
      document.addEventListener("visibilitychange", listener);
      return () => document.removeEventListener("visibilitychange", listener);
    },
  };
}

export function assertAutoLockMs(ms: unknown): asserts ms is number {
  if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0 || ms > MAX_AUTO_LOCK_MS) {
    throw new PhoenixError("INVALID_ARGUMENT", `autoLockMs must be an integer from 0 (off) to ${MAX_AUTO_LOCK_MS} ms.`);
  }
}

export class AutoLock {
  private lastUse = 0;
  private hiddenSince: number | undefined;
  private timer: unknown;
  private active = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private ms: number,
    private readonly lock: () => void,
    private readonly clock: AutoLockClock = systemClock,
    private readonly visibility: PageVisibility | undefined = documentVisibility(),
  ) {
    assertAutoLockMs(ms);
  }

  get autoLockMs(): number {
    return this.ms;
  }

  setMs(ms: number): void {
    assertAutoLockMs(ms);
    this.ms = ms;
    if (this.active) this.schedule();
  }

  /** The vault was unlocked: start counting. */
  start(): void {
    this.active = true;
    this.lastUse = this.clock.now();
    this.hiddenSince = this.visibility?.isHidden() ? this.lastUse : undefined;
    this.unsubscribe ??= this.visibility?.subscribe(() => this.onVisibility());
    this.schedule();
  }

  /** The vault was locked: stop every timer and listener. */
  stop(): void {
    this.active = false;
    this.hiddenSince = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The vault was used: the idle time starts again. */
  touch(): void {
    if (!this.active) return;
    this.lastUse = this.clock.now();
    this.schedule();
  }

  /** Locks now if the idle or hidden time has run out (timers may not have fired); true if it locked. */
  check(): boolean {
    if (!this.active || this.ms === 0) return false;
    const now = this.clock.now();
    const idle = now - this.lastUse >= this.ms;
    const hidden = this.hiddenSince !== undefined && now - this.hiddenSince >= this.ms;
    if (!idle && !hidden) return false;
    this.lock();
    return true;
  }

  private onVisibility(): void {
    if (!this.active) return;
    if (this.visibility?.isHidden()) {
      this.hiddenSince ??= this.clock.now();
      this.schedule();
    } else {
      // Shown again: a page hidden for longer than the limit locks now (its timer may never have fired).
      if (this.check()) return;
      this.hiddenSince = undefined;
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ms === 0) return;
    // Whichever runs out first: the idle time, or the time hidden (the vault may be used while hidden).
    const deadline = Math.min(this.lastUse, this.hiddenSince ?? Infinity) + this.ms;
    const due = Math.max(0, deadline - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.check() && this.active) this.schedule();
    }, due);
  }
}
