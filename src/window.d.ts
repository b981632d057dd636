// Globals of the page runtime: what main.tsx puts on window, and what vite.config.ts defines.
import type { Phoenix, openPhoenix } from "./index.js";

declare global {
  interface Window {
    /**
     * The opened facade, for tests and development (devtools console). Set once the database is open, and
     * only in development builds or on a loopback host (src/ui/lib/expose.ts).
     */
    phoenix?: Phoenix;
    /** Opens another profile: `await openPhoenix({ name: "work" })`. */
    openPhoenix?: typeof openPhoenix;
  }

  /** The build's id (package version, or PHOENIX_BUILD_ID at build time). */
  const __PHOENIX_BUILD_ID__: string;
}

export {};
