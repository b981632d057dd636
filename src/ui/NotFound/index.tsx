/**
 * The page for an address the app does not have: a path other than the app's own (such as
 * /some/other/path, answered with index.html by the server or the service worker) or an unknown
 * "#/…" route. Says so, and leads back to the Overview.
 */
export function NotFound({ address }: { address: string }) {
  return (
    <section class="page" aria-labelledby="not-found-title" data-testid="page-not-found">
      <h1 id="not-found-title" class="page__title">
        Page not found
      </h1>
      <p>
        Phoenix Memory has no page at <code class="code">{address}</code>.
      </p>
      <p>
        <a href={`${import.meta.env.BASE_URL}#/`} data-testid="not-found-home">
          Go to the Overview
        </a>
      </p>
    </section>
  );
}
