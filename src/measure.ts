/** Small helpers for the tools that time the lab (bench, soak). */

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs `run` and returns how long it took (ms) with its value. */
export async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await run();
  return [performance.now() - started, value];
}

export const seconds = (ms: number, digits = 2) => `${(ms / 1000).toFixed(digits)} s`;
