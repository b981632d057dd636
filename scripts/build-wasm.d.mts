/** Types of scripts/build-wasm.mjs for the drift test. */
export function compileKernel(watText: string): Promise<Uint8Array>;
export function renderModule(bytes: Uint8Array): string;
