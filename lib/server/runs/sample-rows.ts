// Which dataset rows a run covers: all of them, or a reproducible random sample.
import "server-only";

/** The sample is the same every time for the same dataset size and sample size. */
export const SAMPLE_SEED = 20_240_901;

/** mulberry32: a tiny, well-known seeded PRNG; Math.random cannot be seeded. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` distinct row indexes out of `rowCount`, ascending (partial Fisher–Yates). */
export function sampleRowIndexes(rowCount: number, size: number, seed = SAMPLE_SEED): number[] {
  if (size >= rowCount) return Array.from({ length: rowCount }, (_, i) => i);
  const random = seededRandom(seed);
  const indexes = Array.from({ length: rowCount }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (rowCount - i));
    [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
  }
  return indexes.slice(0, size).sort((a, b) => a - b);
}
