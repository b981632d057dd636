/**
 * The frame of every page: one <h1>, and the shared look of forms, buttons, tables and cards (style.css).
 * On navigation (not on the first load) focus moves to the heading, so a screen reader announces the new
 * page and keyboard users start at its top rather than in the nav.
 */
import { useEffect, useRef } from "preact/hooks";
import type { ComponentChildren } from "preact";
import "./style.css";

let pagesMounted = 0;

export interface PageProps {
  /** Short id: `page-${id}` is the data-testid, `${id}-title` the heading's id. */
  id: string;
  title: string;
  intro?: ComponentChildren;
  children: ComponentChildren;
}

export function Page({ id, title, intro, children }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    pagesMounted += 1;
    if (pagesMounted > 1) heading.current?.focus();
  }, []);
  return (
    <section class="page" aria-labelledby={`${id}-title`} data-testid={`page-${id}`}>
      <h1 id={`${id}-title`} class="page__title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {intro ? <p class="page__intro">{intro}</p> : null}
      {children}
    </section>
  );
}
