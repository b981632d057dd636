/**
 * The stores' input checks now live in src/shared/input.ts (the vector worker uses them too). This
 * re-export keeps the Soul Vault modules' import working while they move into src/stores/soul/; it goes
 * once they import src/shared/input.ts themselves.
 */
export * from "../shared/input.js";
