/** A store's friendly name, with its technical name smaller beside it (alone when it has no friendly one). */
import { STORE_LABELS } from "../lib/storeNames.js";

export function StoreName({ store }: { store: string }) {
  const label = STORE_LABELS[store];
  return (
    <>
      {label ? <span class="store-name">{label}</span> : null} <span class="store-name__technical">{store}</span>
    </>
  );
}
