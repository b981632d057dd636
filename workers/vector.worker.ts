// The Vector KB search worker: embedding, the index and its IndexedDB reads and writes.
import { expose } from "comlink";
import { createVectorWorkerApi } from "./vector/worker-api.js";

const api = createVectorWorkerApi();
expose(api);

export type VectorWorkerApi = typeof api;
