/** A store's friendly name, with its technical name smaller beside it. */
import { storeLabel } from "../lib/storeNames.js";

export function StoreName({ store }: { store: string }) {
  return (
    <>
      <span class="store-name">{storeLabel(store)}</span> <span class="store-name__technical">{store}</span>
    </>
  );
}
