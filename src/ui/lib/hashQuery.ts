/**
 * A page's own state in the hash query ("#/vaults?vault=soul"), so a view can be linked and survives a
 * reload. The app shell routes on the path before "?" only. replaceState fires no hashchange, so
 * writing here does not re-route.
 */

export function readHashParam(name: string, hash: string = location.hash): string | undefined {
  const query = hash.split("?")[1];
  if (query === undefined) return undefined;
  return new URLSearchParams(query).get(name) ?? undefined;
}

export function withHashParam(hash: string, name: string, value: string | undefined): string {
  const [path = "", query = ""] = hash.split("?");
  const params = new URLSearchParams(query);
  if (value === undefined) params.delete(name);
  else params.set(name, value);
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

export function writeHashParam(name: string, value: string | undefined): void {
  const next = withHashParam(location.hash || "#/", name, value);
  if (next !== location.hash) history.replaceState(history.state, "", next);
}
