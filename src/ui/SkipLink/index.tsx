/**
 * "Skip to content". A plain href="#main" would change the hash, which is the router's: the app would
 * look for a page called "main". So the link moves focus itself and keeps the URL.
 */
import "./style.css";

export function SkipLink({ targetId = "main" }: { targetId?: string }) {
  return (
    <a
      class="skip-link"
      href={`#${targetId}`}
      onClick={(event) => {
        const target = document.getElementById(targetId);
        if (!target) return;
        event.preventDefault();
        target.focus();
        target.scrollIntoView();
      }}
    >
      Skip to content
    </a>
  );
}
