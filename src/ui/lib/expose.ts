/**
 * Whether the page may put the opened facade on `window.phoenix`. Any script running in the page (an
 * extension, an injected script) could then use the unlocked Soul Vault through it, so a deployed copy
 * never does: only development builds, and pages served from a loopback host (the test and development
 * host, reachable only from this machine), expose it.
 */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function mayExposeFacade(hostname: string, developmentBuild: boolean): boolean {
  return developmentBuild || LOOPBACK_HOSTS.has(hostname.toLowerCase());
}
