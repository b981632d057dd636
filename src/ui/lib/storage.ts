/**
 * Storage use and persistence for the Overview page. `navigator.storage` is missing on insecure origins
 * and in some browsers, so every call says "unknown" rather than failing.
 */

/** From this share of the quota on, the Overview warns. */
export const NEAR_QUOTA_RATIO = 0.8;

export type QuotaLevel = "ok" | "near" | "full" | "unknown";

export interface StorageUse {
  usage?: number | undefined;
  quota?: number | undefined;
  ratio?: number;
  level: QuotaLevel;
}

/** Classifies a storage estimate: near at ≥ 80 %, full at ≥ 98 %. */
export function storageUse(usage: number | undefined, quota: number | undefined, near = NEAR_QUOTA_RATIO): StorageUse {
  if (usage === undefined || quota === undefined || !Number.isFinite(usage) || !Number.isFinite(quota) || quota <= 0) {
    return { usage, quota, level: "unknown" };
  }
  const ratio = usage / quota;
  const level: QuotaLevel = ratio >= 0.98 ? "full" : ratio >= near ? "near" : "ok";
  return { usage, quota, ratio, level };
}

export async function estimateStorage(): Promise<StorageUse> {
  if (typeof navigator === "undefined" || !navigator.storage?.estimate) return { level: "unknown" };
  const { usage, quota } = await navigator.storage.estimate();
  return storageUse(usage, quota);
}

/** true/false as the browser answered, undefined where the API does not exist. */
export async function isPersisted(): Promise<boolean | undefined> {
  if (typeof navigator === "undefined" || !navigator.storage?.persisted) return undefined;
  return navigator.storage.persisted();
}

export async function requestPersistence(): Promise<boolean | undefined> {
  if (typeof navigator === "undefined" || !navigator.storage?.persist) return undefined;
  return navigator.storage.persist();
}

const ASKED_FLAG = "phoenix.persist-asked";

/**
 * Asks for persistent storage once, after the person has first saved something: asking on first load,
 * before anything is worth keeping, is what browsers (and people) refuse. Later asks go through the
 * Overview's "Keep my data" button.
 */
export async function requestPersistenceOnce(): Promise<boolean | undefined> {
  try {
    if (localStorage.getItem(ASKED_FLAG)) return undefined;
    localStorage.setItem(ASKED_FLAG, String(Date.now()));
  } catch {
    return undefined; // No localStorage (privacy mode): the button still works.
  }
  if (await isPersisted()) return true;
  return requestPersistence();
}
