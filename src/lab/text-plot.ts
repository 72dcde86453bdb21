/** Plots a series as one line of block characters, for a terminal (pure; no colour). */
const BLOCKS = '▁▂▃▄▅▆▇█';

/** Resamples `points` (x ascending) to `width` columns over [x0, x1], each the last value at or before it. */
export function resample(points: ReadonlyArray<{ x: number; y: number }>, width: number, x0: number, x1: number): Array<number | undefined> {
  const columns: Array<number | undefined> = [];
  let i = 0;
  let last: number | undefined;
  for (let c = 0; c < width; c++) {
    const x = x0 + ((x1 - x0) * (c + 1)) / width;
    while (i < points.length && points[i]!.x <= x) last = points[i++]!.y;
    columns.push(last);
  }
  return columns;
}

/** One line: low values ▁, the series' maximum (or `max`) █, no reading yet a space. */
export function sparkline(values: ReadonlyArray<number | undefined>, max?: number): string {
  const top = max ?? Math.max(1, ...values.filter((v): v is number => v !== undefined));
  return values.map((v) => (v === undefined ? ' ' : BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round((v / top) * (BLOCKS.length - 1))))])).join('');
}

/** A row of markers under a plot: `mark` at the column of each x. */
export function markerRow(marks: ReadonlyArray<{ x: number; mark: string }>, width: number, x0: number, x1: number): string {
  const row = Array.from({ length: width }, () => ' ');
  for (const { x, mark } of marks) {
    const c = Math.min(width - 1, Math.max(0, Math.ceil(((x - x0) / (x1 - x0)) * width) - 1));
    row[c] = mark;
  }
  return row.join('');
}
