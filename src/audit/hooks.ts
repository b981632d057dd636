/**
 * Where the audit log hears about sensitive operations: the facade passes each module here once, and
 * its methods are wrapped on the instance, so calls from the page, from scripts and from the module
 * itself (an auto-lock calling lock()) are all logged, and the modules stay unaware of the log.
 *
 * Subjects say what was done to what, never with a secret: no passphrase, no value, Soul Vault key names
 * hashed (hashKeyName), failures as their error code.
 */
import { isPhoenixError } from "../errors.js";
import type { AuditLog, AuditOutcome } from "./index.js";
import { hashKeyName } from "./index.js";

type AnyMethod = (...args: never[]) => unknown;
type Describe = (args: unknown[], result: unknown) => string | undefined | Promise<string | undefined>;

export interface AuditedCall {
  /** The action of a call (by default one fixed name). */
  action: string | ((args: unknown[]) => string | undefined);
  /** The subject of a call that worked. */
  subject?: Describe;
  /** Checked before the call: true leaves it unlogged (a lock() of a vault that is locked already). */
  skipWhen?: () => boolean;
  /** A call that returns normally but reports failure (unlockWithDevice → false). */
  failedWhen?: (result: unknown) => boolean;
}

function errorSubject(error: unknown): string {
  return isPhoenixError(error) ? error.code : "error";
}

/** Logs without ever failing the operation it describes. */
function record(audit: AuditLog, action: string, outcome: AuditOutcome, subject: string | undefined): Promise<void> {
  return audit.append(action, outcome, subject).then(
    () => undefined,
    (error: unknown) => console.warn(`Audit entry ${action} not written:`, error),
  );
}

/** Wraps `target[method]` so that each call appends an entry when it settles. */
export function audited<T extends object>(audit: AuditLog, target: T, method: keyof T & string, call: AuditedCall): void {
  const original = target[method] as unknown as AnyMethod | undefined;
  if (typeof original !== "function") return;
  const actionOf = (args: unknown[]) => (typeof call.action === "string" ? call.action : call.action(args));
  let checking = false;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    // skipWhen may itself lead to this method (the vault's isLocked runs a due auto-lock, which calls lock):
    // that inner call is the module's own business and goes straight through.
    if (checking) return (original as (...a: unknown[]) => unknown).apply(target, args);
    let skip = false;
    if (call.skipWhen) {
      checking = true;
      try {
        skip = call.skipWhen();
      } finally {
        checking = false;
      }
    }
    const action = skip ? undefined : actionOf(args);
    let result: unknown;
    try {
      result = (original as (...a: unknown[]) => unknown).apply(target, args);
    } catch (error) {
      if (action) void record(audit, action, "failed", errorSubject(error));
      throw error;
    }
    if (!action) return result;
    if (!(result instanceof Promise)) {
      // A synchronous call (lock): the entry follows in the log's queue.
      void Promise.resolve(call.subject?.(args, result)).then((subject) => record(audit, action, "ok", subject));
      return result;
    }
    return result.then(
      async (value: unknown) => {
        const failed = call.failedWhen?.(value) ?? false;
        await record(audit, action, failed ? "failed" : "ok", await call.subject?.(args, value));
        return value;
      },
      async (error: unknown) => {
        await record(audit, action, "failed", errorSubject(error));
        throw error;
      },
    );
  };
  (target as Record<string, unknown>)[method] = wrapped;
}

const remembers = (args: unknown[]) => (args[1] as { rememberOnDevice?: unknown } | undefined)?.rememberOnDevice;

/** The Soul Vault's sensitive operations. */
export function auditSoul<T extends object>(audit: AuditLog, soul: T): void {
  const onDevice = (args: unknown[]) => (remembers(args) === true ? "remember-on-device" : remembers(args) === false ? "forget-device" : undefined);
  audited(audit, soul, "setup" as keyof T & string, { action: "soul.setup", subject: onDevice });
  audited(audit, soul, "unlock" as keyof T & string, { action: "soul.unlock", subject: onDevice });
  // Remembering on this device is its own event, logged after the setup or unlock that asked for it.
  for (const method of ["setup", "unlock"]) {
    audited(audit, soul, method as keyof T & string, { action: (args) => (remembers(args) === true ? "soul.rememberOnDevice" : undefined) });
  }
  audited(audit, soul, "unlockWithDevice" as keyof T & string, {
    action: "soul.unlock",
    subject: () => "device",
    failedWhen: (value) => value === false,
  });
  audited(audit, soul, "lock" as keyof T & string, {
    action: "soul.lock",
    // An import locks the vault whatever its state; only a lock that drops keys is an event. The keys
    // field is read rather than `isLocked`, whose getter runs a due auto-lock (a lock of its own).
    skipWhen: () => "unlocked" in soul && (soul as { unlocked?: unknown }).unlocked === undefined,
  });
  audited(audit, soul, "changePassphrase" as keyof T & string, { action: "soul.changePassphrase" });
  audited(audit, soul, "rotateKey" as keyof T & string, { action: "soul.rotateKey" });
  audited(audit, soul, "forgetDevice" as keyof T & string, { action: "soul.forgetDevice" });
  audited(audit, soul, "forgetSoul" as keyof T & string, {
    action: "soul.forget",
    subject: async (args) => (typeof args[0] === "string" ? `key ${await hashKeyName(args[0])}` : undefined),
  });
}
