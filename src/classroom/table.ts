import { elapsedText, type LearnerRow } from './rows.js';

export const TABLE_HEADINGS = ['learner', 'stage', 'criteria', 'rules broken', 'hints', 'since outage'] as const;

/** One row's cells, as both the terminal table and the page show them. */
export function rowCells(row: LearnerRow): string[] {
  return [
    row.sandbox,
    row.stage,
    row.total > 0 ? `${row.passed}/${row.total}` : '-',
    row.rulesBroken.length === 0 ? 'none' : `${row.rulesBroken.length}: ${row.rulesBroken.map((broken) => broken.command).join('; ')}`,
    String(row.hintsUsed),
    elapsedText(row.sinceOutageS),
  ];
}

/** The instructor's table as aligned text lines (no colour: the caller adds it). */
export function tableLines(rows: LearnerRow[]): string[] {
  const cells = [[...TABLE_HEADINGS], ...rows.map(rowCells)];
  const widths = TABLE_HEADINGS.map((_, column) => Math.max(...cells.map((line) => (line[column] ?? '').length)));
  return cells.map((line) =>
    line
      .map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** "3 learners: 1 solved, 1 fixed, 1 investigating". */
export function tallyText(rows: LearnerRow[]): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.stage, (counts.get(row.stage) ?? 0) + 1);
  const parts = [...counts].map(([stage, count]) => `${count} ${stage}`);
  return `${rows.length} learner${rows.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
