/**
 * A page whose code loads on first visit, keeping the app shell small. The service worker precaches
 * every chunk, so this works offline too; if a chunk still fails to load (a deploy removed it), the page
 * says so and offers to retry or reload rather than staying blank.
 */
import { useEffect, useState } from "preact/hooks";
import type { ComponentType } from "preact";
import type { PageProps } from "../lib/route.js";

export type LazyPageComponent = ComponentType<PageProps> & {
  /** Starts loading the code now (e.g. while the database opens), so the first render does not wait. */
  preload(): void;
};

export function lazyPage(load: () => Promise<ComponentType<PageProps>>): LazyPageComponent {
  let loaded: ComponentType<PageProps> | undefined;
  let pending: Promise<ComponentType<PageProps>> | undefined;
  const start = (): Promise<ComponentType<PageProps>> => {
    pending ??= load().then(
      (page) => (loaded = page),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };

  function LazyPage(props: PageProps) {
    const [Component, setComponent] = useState<ComponentType<PageProps> | undefined>(() => loaded);
    const [failure, setFailure] = useState<string | undefined>(undefined);
    const [attempt, setAttempt] = useState(0);

    useEffect(() => {
      if (Component) return;
      let live = true;
      start().then(
        (page) => {
          if (live) setComponent(() => page);
        },
        (error: unknown) => {
          if (live) setFailure(error instanceof Error ? error.message : String(error));
        },
      );
      return () => {
        live = false;
      };
    }, [attempt]);

    if (Component) return <Component {...props} />;
    if (failure) {
      return (
        <div role="alert" class="lazy-failure">
          <p>This page could not be loaded: {failure}</p>
          <button
            type="button"
            onClick={() => {
              setFailure(undefined);
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </button>{" "}
          <button type="button" onClick={() => location.reload()}>
            Reload the app
          </button>
        </div>
      );
    }
    return <p role="status">Loading…</p>;
  }

  return Object.assign(LazyPage, {
    preload() {
      start().catch(() => undefined); // A failure shows when the page renders.
    },
  });
}
