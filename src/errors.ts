/**
 * One table of error codes and their default messages, and one error class carrying `code`.
 * Callers branch on `code`, never on message text; messages are for people.
 */
export const ERROR_MESSAGES = {
  // Input
  INVALID_KEY: "The key must be a non-empty string.",
  INVALID_VALUE: "The value is not of the expected shape.",
  VALUE_TOO_LARGE: "The value is larger than this store accepts.",
  INVALID_TIMESTAMP: "The timestamp must be a finite number.",
  INVALID_ARGUMENT: "An argument is out of range or of the wrong type.",
  LAYER_MISMATCH: "The key does not match the format of its memory layer.",
  UNKNOWN_VAULT: "The prefix names no vault (use mind:, body: or soul:).",
  // Storage
  QUOTA_EXCEEDED: "The browser refused to store more data: storage quota exceeded.",
  DB_BLOCKED: "Another tab holds an older version of the database open; close it or reload.",
  DB_CLOSED: "The connection to the database was closed or lost (or a newer version was opened in another tab); reload the page.",
  DB_UNAVAILABLE: "IndexedDB is not available in this browser context.",
  STORAGE_ERROR: "The browser's storage failed.",
  // Reliability (start page): a database this build cannot open without losing data
  DB_VERSION_NEWER: "A newer version of Phoenix Memory wrote this database; reload to get that version.",
  // Soul Vault
  SOUL_NOT_AVAILABLE: "The Soul Vault is not set up yet.",
  SOUL_NOT_SET_UP: "The Soul Vault has no passphrase yet: call soul.setup(passphrase) first.",
  SOUL_ALREADY_SET_UP: "The Soul Vault is already set up.",
  SOUL_LOCKED: "The Soul Vault is locked: unlock it with the passphrase first.",
  BAD_PASSPHRASE: "The passphrase is wrong.",
  WEAK_PASSPHRASE: "The passphrase is too short.",
  INTEGRITY: "A record failed its integrity check: it was tampered with or moved.",
  // Soul Vault hardening
  SOUL_KDF_TOO_COSTLY: "The Argon2id cost asked for is above what this app accepts (about 4× its defaults).",
  // Vector KB
  DIM_MISMATCH: "The embedding has the wrong number of dimensions.",
  WORKER_FAILED: "The search worker failed.",
  ABORTED: "The operation was cancelled.",
  EMBEDDER_MISMATCH: "The stored vectors were made by a different embedder.",
  // Backups
  BACKUP_NOT_GZIP: "The file is not a gzip archive.",
  BACKUP_TRUNCATED: "The archive is truncated.",
  BACKUP_TOO_LARGE: "The archive expands beyond the allowed size.",
  BACKUP_NOT_TAR: "The archive is not a tar file.",
  BACKUP_TAR_CHECKSUM: "A tar header failed its checksum.",
  BACKUP_BAD_PATH: "The archive holds an unsafe path.",
  BACKUP_DUPLICATE_ENTRY: "The archive holds the same file twice.",
  BACKUP_MISSING_MANIFEST: "The archive has no manifest.json.",
  BACKUP_BAD_MANIFEST: "The manifest is not a Phoenix backup manifest.",
  BACKUP_UNSUPPORTED_VERSION: "The backup was made by a newer format version.",
  BACKUP_HASH_MISMATCH: "A file in the archive does not match its SHA-256 in the manifest.",
  BACKUP_BAD_RECORD: "A record in the archive has the wrong shape.",
  BACKUP_BAD_PASSPHRASE: "The archive passphrase is wrong.",
  BACKUP_ENCRYPTED: "The archive is encrypted: a passphrase is needed.",
  SNAPSHOT_NOT_FOUND: "No snapshot with that id.",
  // Settings, profiles and the audit log (lifecycle issue)
  INVALID_SETTING: "A setting is missing, unknown or out of range.",
  VECTOR_KB_DISABLED: "The Vector KB is turned off in the settings (vectorKb.enabled).",
  PROFILE_NOT_FOUND: "No profile with that name.",
  PROFILE_EXISTS: "A profile with that name already exists.",
  PROFILE_IN_USE: "This profile is open here: switch to another profile first.",
  PROFILE_CONFIRMATION: "Type the profile's name to confirm deleting it.",
  AUDIT_BROKEN: "The audit log's hash chain is broken: an entry was edited, removed or reordered.",
  // Sentence models (src/models): the hash embedder stays in charge whenever one of these is thrown
  MODEL_UNAVAILABLE: "The sentence model could not be used; the hash embedder stays in charge.",
  MODEL_NOT_FOUND: "No stored sentence model with that id.",
  MODEL_BUSY: "Another model download, import or switch is under way.",
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface PhoenixErrorOptions {
  /** The key, file or record the error is about, so a person can find it. */
  subject?: string | undefined;
  cause?: unknown;
  /**
   * The detail is a whole sentence that says everything ("An EPM user name cannot contain ':'."), so it
   * replaces the code's generic message instead of being appended to it. The code stays the same.
   */
  replace?: boolean;
  /** The object store(s) a storage failure happened in. */
  store?: string | undefined;
  /** The public call that failed (`cortex.etchMany`). */
  operation?: string | undefined;
}

export class PhoenixError extends Error {
  override readonly name = "PhoenixError";
  readonly code: ErrorCode;
  readonly subject: string | undefined;
  /** For storage failures (QUOTA_EXCEEDED): which object store(s) and which call. */
  readonly store: string | undefined;
  readonly operation: string | undefined;

  constructor(code: ErrorCode, detail?: string, options: PhoenixErrorOptions = {}) {
    const base = ERROR_MESSAGES[code];
    super(detail ? (options.replace ? detail : `${base} ${detail}`) : base, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.subject = options.subject;
    this.store = options.store;
    this.operation = options.operation;
  }
}

export function isPhoenixError(error: unknown, code?: ErrorCode): error is PhoenixError {
  return error instanceof PhoenixError && (code === undefined || error.code === code);
}

/**
 * Maps a browser storage failure to a PhoenixError. A quota failure must reach the user as such,
 * not as a generic failure, so it can be acted on (free space, export a backup).
 */
export function toStorageError(error: unknown, context: { stores?: readonly string[] } = {}): PhoenixError {
  if (error instanceof PhoenixError) return error;
  const name = errorName(error);
  const store = context.stores?.join(", ");
  if (name === "QuotaExceededError") {
    return new PhoenixError("QUOTA_EXCEEDED", store === undefined ? undefined : `Store: ${store}.`, { cause: error, store });
  }
  if (name === "InvalidStateError") return new PhoenixError("DB_CLOSED", undefined, { cause: error, store });
  const message = error instanceof Error ? error.message : String(error);
  // WebKit's report when its storage process drops the connection (iOS, backgrounded tabs).
  if (/connection to indexed ?database server lost/i.test(message)) return new PhoenixError("DB_CLOSED", message, { cause: error, store });
  return new PhoenixError("STORAGE_ERROR", message, { cause: error });
}

function errorName(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "name" in error) {
    const { name } = error as { name: unknown };
    return typeof name === "string" ? name : undefined;
  }
  return undefined;
}
