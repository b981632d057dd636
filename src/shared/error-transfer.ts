/**
 * Keeps PhoenixError's `code` across comlink. Comlink serialises a thrown Error as { message,
 * name, stack } only, so the page would see a plain Error and could not branch on the code.
 * Both sides install this (page bridge and worker) before the first call.
 */
import { transferHandlers, type TransferHandler } from "comlink";
import { ERROR_MESSAGES, PhoenixError, type ErrorCode } from "../errors.js";

interface SerializedPhoenixError {
  phoenixError: true;
  code: ErrorCode;
  message: string;
  subject: string | undefined;
}

function isSerializedPhoenixError(value: unknown): value is SerializedPhoenixError {
  if (typeof value !== "object" || value === null) return false;
  const { phoenixError, code, message } = value as Partial<SerializedPhoenixError>;
  return phoenixError === true && typeof code === "string" && Object.hasOwn(ERROR_MESSAGES, code) && typeof message === "string";
}

let installed = false;

export function installErrorTransfer(): void {
  if (installed) return;
  const original = transferHandlers.get("throw") as TransferHandler<unknown, unknown> | undefined;
  if (!original) return;
  installed = true;
  transferHandlers.set("throw", {
    canHandle: (value: unknown): value is unknown => original.canHandle(value),
    serialize(thrown: unknown) {
      const value = (thrown as { value?: unknown }).value;
      if (value instanceof PhoenixError) {
        const serialized: SerializedPhoenixError = { phoenixError: true, code: value.code, message: value.message, subject: value.subject };
        return [serialized, []];
      }
      return original.serialize(thrown);
    },
    deserialize(serialized: unknown) {
      if (isSerializedPhoenixError(serialized)) {
        const error = new PhoenixError(serialized.code, undefined, serialized.subject === undefined ? {} : { subject: serialized.subject });
        error.message = serialized.message;
        throw error;
      }
      return original.deserialize(serialized);
    },
  });
}
