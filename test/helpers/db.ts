import { openPhoenix, type Phoenix, type OpenPhoenixOptions } from "../../src/index.js";

let counter = 0;

/** A fresh, uniquely named database per call so tests never see each other's data. */
export function freshName(label = "test"): string {
  counter += 1;
  return `${label}-${Date.now()}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function freshPhoenix(options: Partial<OpenPhoenixOptions> = {}): Promise<Phoenix> {
  return openPhoenix({ name: freshName(), ...options });
}
