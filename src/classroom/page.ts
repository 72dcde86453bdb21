import { escapeHtml } from '../project/html.js';
import type { LearnerRow } from './rows.js';
import { rowCells, TABLE_HEADINGS, tallyText } from './table.js';

/** The instructor's table as one HTML page that reloads itself every `refreshSeconds`. */
export function statusPage(rows: LearnerRow[], takenAt: Date, refreshSeconds: number): string {
  const head = TABLE_HEADINGS.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = rowCells(row)
        .map((cell, column) => `<td${column === 1 ? ` class="stage ${row.stage}"` : ''}>${escapeHtml(cell)}</td>`)
        .join('');
      const title = row.problem ? ` title="${escapeHtml(row.problem)}"` : '';
      return `<tr data-learner="${row.learner}" data-stage="${row.stage}"${title}>${cells}</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="${refreshSeconds}">
<title>async-outage-lab classroom</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
table { border-collapse: collapse; min-width: 40rem; }
th, td { text-align: left; padding: .35rem .8rem; border-bottom: 1px solid #d0d7de; }
th { background: #f6f8fa; }
.stage { font-weight: 600; }
.solved { color: #1a7f37; } .draining { color: #0969da; } .fixed { color: #9a6700; }
.investigating { color: #57606a; } .no-sandbox, .no-lab, .unreadable { color: #cf222e; }
</style></head>
<body>
<h1>Classroom · ${escapeHtml(tallyText(rows))}</h1>
<table><thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table>
<p>Graded from outside each sandbox at ${escapeHtml(takenAt.toISOString())}; this page reloads every ${refreshSeconds} s.</p>
</body></html>
`;
}
