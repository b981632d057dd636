/**
 * Backups: export and import of 100,000 memories + 100,000 cosmic records, against the raw pipeline on
 * the same data in the same run. Targets (issue 5): export ≤ 1.3× raw (getAll + serialise + gzip),
 * import ≤ 1.3× raw bulk put, peak memory ≤ 3× the archive's expanded size.
 *
 * Memory: `performance.measureUserAgentSpecificMemory()` needs a cross-origin-isolated page, which the
 * bench page is not, so this reads `performance.memory.usedJSHeapSize` (precise with the runner's
 * --enable-precise-memory-info) and reports the peak above the starting heap, two ways (see peakHeap).
 * Blob contents live outside the JS heap and are not counted.
 */
import { gzipSync } from "fflate";
import { ALL_STORES, type CosmicRecord } from "../../../src/db/schema.js";
import type { BenchContext } from "../types.js";
import { collectGarbage, committed, freshDatabase, heapUsed, median, perSecond, timeOnce } from "../measure.js";

const MEMORIES = 100_000;
const COSMIC = 100_000;
const EXPORT_ROUNDS = 2;
const IMPORT_ROUNDS = 1;

function req<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Peak JS heap above the starting point while `work` runs; `probe` lets the work sample at its own pace.
 * "sampled": usedJSHeapSize as it is, garbage not yet collected included. "live": a forced GC before each
 * sample (at most every 200 ms), so the figure is what the work holds, not what the collector has not
 * reclaimed yet; it slows the run, so it is measured in an untimed run of its own.
 */
async function peakHeap<T>(
  work: (probe: () => void) => Promise<T>,
  mode: "sampled" | "live" = "sampled",
): Promise<{ result: T; peak: number | undefined }> {
  collectGarbage();
  const start = heapUsed();
  if (start === undefined) return { result: await work(() => undefined), peak: undefined };
  let peak = start;
  let lastGc = 0;
  const probe = () => {
    if (mode === "live") {
      if (performance.now() - lastGc < 200) return;
      collectGarbage();
      lastGc = performance.now();
    }
    peak = Math.max(peak, heapUsed() ?? 0);
  };
  const timer = mode === "sampled" ? setInterval(probe, 20) : undefined;
  try {
    const result = await work(probe);
    probe();
    return { result, peak: peak - start };
  } finally {
    clearInterval(timer);
  }
}

const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/** The raw pipeline: one readonly transaction, getAllKeys + getAll of each store, JSON lines, gzip. */
async function rawExport(raw: IDBDatabase, probe: () => void): Promise<number> {
  const tx = raw.transaction([...ALL_STORES], "readonly");
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const store of ALL_STORES) {
    const [keys, values] = await Promise.all([req(tx.objectStore(store).getAllKeys()), req(tx.objectStore(store).getAll())]);
    probe();
    let text = "";
    for (let i = 0; i < keys.length; i++) text += `${JSON.stringify([keys[i], values[i]])}\n`;
    parts.push(encoder.encode(text));
    probe();
  }
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  const all = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  probe();
  const zipped = gzipSync(all, { level: 6 });
  probe();
  return new Blob([zipped]).size;
}

/** Raw bulk put of the same records, one strict transaction. */
async function rawImport(raw: IDBDatabase, records: Map<string, [IDBValidKey[], unknown[]]>): Promise<void> {
  const tx = raw.transaction([...records.keys()], "readwrite", { durability: "strict" });
  for (const [store, [keys, values]] of records) {
    const target = tx.objectStore(store);
    for (let i = 0; i < keys.length; i++) target.put(values[i], keys[i]);
  }
  await committed(tx);
}

export default async function backupSuite(ctx: BenchContext): Promise<void> {
  const source = await freshDatabase(ctx, "source");
  ctx.log(`filling ${MEMORIES.toLocaleString("en")} memories + ${COSMIC.toLocaleString("en")} cosmic records…`);
  const memories = Array.from(
    { length: MEMORIES },
    (_, i) => [{ layer: "EPM" as const, text: `Memory ${i}: a sentence of ordinary length about the day.` }, `epm:u${i % 100}:${1_704_067_200 + i}`] as const,
  );
  for (let i = 0; i < MEMORIES; i += 20_000) await source.phoenix.cortex.etchMany(memories.slice(i, i + 20_000));
  const cosmic: CosmicRecord[] = Array.from({ length: COSMIC }, (_, i) => ({
    source: "bench",
    timestamp: 1_704_067_200_000 + i,
    data: `Cosmic sample ${i}: a payload of a few dozen characters.`,
    streamType: i % 2 ? "quantum" : "big_bang",
  }));
  for (let i = 0; i < COSMIC; i += 20_000) await source.phoenix.cache.storeCosmicBatch(cosmic.slice(i, i + 20_000), { durability: "relaxed" });

  // Export: ours and raw alternately.
  const ours: number[] = [];
  const rawTimes: number[] = [];
  let ourPeak = 0;
  let rawPeak = 0;
  let archive: File | undefined;
  let rawSize = 0;
  for (let round = 0; round < EXPORT_ROUNDS; round++) {
    const order = round % 2 ? (["raw", "ours"] as const) : (["ours", "raw"] as const);
    for (const lane of order) {
      if (lane === "ours") {
        archive = undefined;
        const { peak } = await peakHeap(async (probe) => {
          ours.push(await timeOnce(async () => (archive = await source.phoenix.backups.export({ onProgress: probe }))));
        });
        ourPeak = Math.max(ourPeak, peak ?? 0);
      } else {
        const { peak } = await peakHeap(async (probe) => {
          rawTimes.push(await timeOnce(async () => (rawSize = await rawExport(source.raw, probe))));
        });
        rawPeak = Math.max(rawPeak, peak ?? 0);
      }
    }
  }
  const summary = await source.phoenix.backups.inspect(archive!);
  const expanded = summary.expandedBytes;
  const exportMs = median(ours);
  const exportRaw = median(rawTimes);
  ctx.row({
    name: `export ${MEMORIES.toLocaleString("en")} memories + ${COSMIC.toLocaleString("en")} cosmic`,
    ms: exportMs,
    baselineMs: exportRaw,
    note: `ratio ${(exportMs / exportRaw).toFixed(2)} (target ≤ 1.3); archive ${mib(archive!.size)} (raw gzip ${mib(rawSize)}), expanded ${mib(expanded)}; ${perSecond(MEMORIES + COSMIC, exportMs)}`,
  });
  const exportLive = (await peakHeap((probe) => source.phoenix.backups.export({ onProgress: probe }), "live")).peak ?? 0;
  // usedJSHeapSize leaves out ArrayBuffer contents: the encoded store files (at most the expanded size,
  // held until gzipped) and the compressed output. Add them for the estimate of the whole.
  const held = expanded + archive!.size;
  ctx.row({
    name: "export peak memory",
    ms: 0,
    note:
      `live JS heap ${mib(exportLive)} + ArrayBuffers held ${mib(held)} = ${((exportLive + held) / expanded).toFixed(2)}× expanded ` +
      `(target ≤ 3×); with uncollected garbage (heap sampled every 20 ms) ${mib(ourPeak + held)} = ` +
      `${((ourPeak + held) / expanded).toFixed(2)}×; raw pipeline heap sampled ${mib(rawPeak)} + its buffers`,
  });

  // Import: ours (replace into an empty database) and a raw bulk put of the same records, alternately.
  const records = new Map<string, [IDBValidKey[], unknown[]]>();
  {
    const tx = source.raw.transaction([...ALL_STORES], "readonly");
    for (const store of ALL_STORES) {
      records.set(store, await Promise.all([req(tx.objectStore(store).getAllKeys()), req(tx.objectStore(store).getAll())]));
    }
  }
  const importOurs: number[] = [];
  const importRaw: number[] = [];
  let importPeak = 0;
  for (let round = 0; round < IMPORT_ROUNDS; round++) {
    const order = round % 2 ? (["raw", "ours"] as const) : (["ours", "raw"] as const);
    for (const lane of order) {
      const target = await freshDatabase(ctx, `import-${lane}`);
      if (lane === "ours") {
        const { peak } = await peakHeap(async (probe) => {
          importOurs.push(
            await timeOnce(() => target.phoenix.backups.import(archive!, { mode: "replace", snapshot: false, onProgress: probe })),
          );
        });
        importPeak = Math.max(importPeak, peak ?? 0);
        const counts = await target.phoenix.counts();
        if (counts.eternal_memory !== MEMORIES || counts.hyperspace_cache !== COSMIC) throw new Error(`import lost records: ${JSON.stringify(counts)}`);
      } else {
        collectGarbage();
        importRaw.push(await timeOnce(() => rawImport(target.raw, records)));
      }
      await target.drop();
    }
  }
  const importMs = median(importOurs);
  const importRawMs = median(importRaw);
  ctx.row({
    name: `import (replace) ${MEMORIES.toLocaleString("en")} memories + ${COSMIC.toLocaleString("en")} cosmic`,
    ms: importMs,
    baselineMs: importRawMs,
    note: `ratio ${(importMs / importRawMs).toFixed(2)} (target ≤ 1.3); ${perSecond(MEMORIES + COSMIC, importMs)}; raw = bulk put of the same records in one strict transaction`,
  });
  let importLive = 0;
  {
    const target = await freshDatabase(ctx, "import-live");
    importLive =
      (await peakHeap((probe) => target.phoenix.backups.import(archive!, { mode: "replace", snapshot: false, onProgress: probe }), "live"))
        .peak ?? 0;
    await target.drop();
  }
  // Import holds decoded records (JS heap) and, per chunk, one decompressed buffer; the file is a Blob.
  ctx.row({
    name: "import peak memory",
    ms: 0,
    note:
      `JS heap live ${mib(importLive)} = ${(importLive / expanded).toFixed(2)}× expanded (target ≤ 3×); ` +
      `sampled incl. uncollected garbage ${mib(importPeak)} = ${(importPeak / expanded).toFixed(2)}×`,
  });

  // Merge of the archive into the database it came from: every record is compared, none written.
  const mergeMs = await timeOnce(() => source.phoenix.backups.import(archive!, { mode: "merge", snapshot: false }));
  ctx.row({ name: "import (merge) into the same 200,000 records", ms: mergeMs, note: perSecond(MEMORIES + COSMIC, mergeMs) });
  await source.drop();
}
