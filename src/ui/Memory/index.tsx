/** The Memory page: the Neural Cortex Strata — etch, browse each layer newest first, recall, forget. */
import { useState } from "preact/hooks";
import type { Layer } from "../../index.js";
import { EtchForm } from "../EtchForm/index.js";
import { LayerBrowser } from "../LayerBrowser/index.js";
import type { PageProps } from "../lib/route.js";
import { Page } from "../Page/index.js";
import { RecallForm } from "../RecallForm/index.js";
import { Consolidate } from "../Consolidate/index.js";

export function MemoryPage({ phoenix }: PageProps) {
  const [layer, setLayer] = useState<Layer>("EPM");
  const [revision, setRevision] = useState(0);
  const changed = () => setRevision((n) => n + 1);

  return (
    <Page id="memory" title="Memory" intro="The five layers of the Neural Cortex Strata: short-term, working, long-term, episodic and reflex memories.">
      <EtchForm
        phoenix={phoenix}
        onEtched={(etchedLayer) => {
          // Show the layer just written to, so the new memory is in view.
          setLayer(etchedLayer);
          changed();
        }}
      />
      <LayerBrowser phoenix={phoenix} layer={layer} onLayerChange={setLayer} revision={revision} />
      <RecallForm phoenix={phoenix} onForgotten={changed} />
      <Consolidate phoenix={phoenix} onChanged={changed} />
    </Page>
  );
}

export default MemoryPage;
