/** The Vector KB: public entry points for the facade and for library users. */
export { createVectorKb, type CreateVectorKbOptions, type VectorKbHandle } from "./kb.js";
export type { CallOptions, MemoryEntry, MemoryResult, NewMemory, SearchOptions, VectorKb, VectorKbOptions } from "../shared/vector-types.js";
export type { EngineInfo } from "../../workers/vector/engine-types.js";
export { MAX_TOP_K } from "../shared/vector-input.js";
export {
  DEFAULT_EMBEDDING_DIM,
  HashEmbedder,
  StubEmbedder,
  createHashEmbedder,
  type Embedder,
} from "../shared/embedder.js";
export { fxhash32, fxhash32String } from "../shared/fxhash.js";
export { cosine } from "../shared/cosine.js";
