/**
 * How the pages show a failure: the message a person reads and, for PhoenixErrors, the stable code
 * (so a bug report can name it). Errors that crossed the worker boundary may arrive as plain objects,
 * hence the duck typing rather than `instanceof`.
 */
import { isPhoenixError } from "../../index.js";

export interface ErrorView {
  message: string;
  code?: string;
}

export function describeError(error: unknown): ErrorView {
  if (typeof error === "object" && error !== null) {
    const { message, code, name } = error as { message?: unknown; code?: unknown; name?: unknown };
    const text = typeof message === "string" && message !== "" ? message : typeof name === "string" ? name : "Unknown error";
    if (typeof code === "string" && code !== "") return { message: text, code };
    if (name === "AbortError") return { message: text, code: "ABORTED" };
    return { message: text };
  }
  return { message: String(error) };
}

/** True when the failure is a cancellation the user asked for (not worth an alert). */
export function isAbort(error: unknown): boolean {
  if (isPhoenixError(error, "ABORTED")) return true;
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}
