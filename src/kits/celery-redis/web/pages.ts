import { escapeHtml } from '../../../project/html.js';
import type { ExportRecord } from './ledger.js';
import { DEFAULT_EXPORT_ROWS, MAX_EXPORT_ROWS } from './validation.js';

/** The customer-facing pages. Self-contained: no external CSS, fonts or scripts. */
const SITE = 'Harbor Orders';

export { escapeHtml };

const STYLE = `
:root{--ink:#1c2430;--muted:#5f6b7a;--line:#e3e8ef;--bg:#f5f7fa;--card:#fff;--brand:#1f6feb;--brand-ink:#fff;--ok:#1a7f37;--ok-bg:#dafbe1;--wait:#9a6700;--wait-bg:#fff8c5}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{background:var(--card);border-bottom:1px solid var(--line)}
.bar{max-width:1040px;margin:0 auto;padding:14px 24px;display:flex;align-items:center;gap:28px}
.logo{font-weight:700;font-size:18px;color:var(--ink);text-decoration:none;letter-spacing:-.01em}
.logo span{color:var(--brand)}
nav a{color:var(--muted);text-decoration:none;margin-right:18px}
nav a.active,nav a:hover{color:var(--ink)}
main{max-width:1040px;margin:0 auto;padding:32px 24px 64px}
h1{font-size:28px;margin:0 0 8px;letter-spacing:-.02em}
h2{font-size:18px;margin:0 0 14px}
p.lead{color:var(--muted);font-size:17px;margin:0 0 24px;max-width:640px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 22px;margin-bottom:22px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:16px;margin-bottom:22px}
.stat{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px}
.stat b{display:block;font-size:26px;letter-spacing:-.02em}
.stat small{color:var(--muted)}
.button{display:inline-block;background:var(--brand);color:var(--brand-ink);border:0;border-radius:8px;padding:10px 18px;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.secondary{background:transparent;color:var(--brand);border:1px solid var(--line)}
form.inline{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-end}
label{display:flex;flex-direction:column;gap:4px;font-size:13px;color:var(--muted)}
input,select{font:inherit;padding:8px 10px;border:1px solid var(--line);border-radius:8px;min-width:160px;background:#fff;color:var(--ink)}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:10px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:600}
.badge.ready{color:var(--ok);background:var(--ok-bg)}
.badge.pending{color:var(--wait);background:var(--wait-bg)}
.pill{display:inline-flex;align-items:center;gap:8px;color:var(--ok);font-size:13px;margin-bottom:14px}
.pill:before{content:"";width:8px;height:8px;border-radius:50%;background:var(--ok)}
.muted{color:var(--muted)}
.features{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:16px}
footer{max-width:1040px;margin:0 auto;padding:0 24px 32px;color:var(--muted);font-size:13px}
`;

type Section = 'home' | 'dashboard' | 'none';

function layout(title: string, section: Section, content: string): string {
  const link = (href: string, label: string, name: Section) => `<a href="${href}"${section === name ? ' class="active" aria-current="page"' : ''}>${label}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${SITE}</title>
<style>${STYLE}</style>
</head>
<body>
<header><div class="bar"><a class="logo" href="/">Harbor<span>Orders</span></a><nav>${link('/', 'Home', 'home')}${link('/dashboard', 'Exports', 'dashboard')}</nav></div></header>
<main>
${content}
</main>
<footer>${SITE} · order data exports</footer>
</body>
</html>
`;
}

const when = (iso: string) =>
  escapeHtml(
    iso
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')
      .replace(/Z$/, ' UTC'),
  );
const number = (value: number) => value.toLocaleString('en-US');

export function homePage(): string {
  return layout(
    'Order exports',
    'home',
    `<div class="pill">All systems operational</div>
<h1>Your orders, as a spreadsheet, when you need them</h1>
<p class="lead">Request a CSV export of your order history and we prepare it in the background. It shows up on your exports page as soon as it is ready to download.</p>
<p><a class="button" href="/dashboard">Go to your exports</a></p>
<div class="features">
  <div class="card"><h2>Request</h2><p class="muted">Pick how many rows you want. The request is confirmed straight away.</p></div>
  <div class="card"><h2>We prepare it</h2><p class="muted">Exports are built in the background, so you can carry on working.</p></div>
  <div class="card"><h2>Download</h2><p class="muted">Finished exports get a download link on your exports page.</p></div>
</div>`,
  );
}

export interface DashboardRow {
  record: ExportRecord;
  ready: boolean;
}

export interface DashboardView {
  rows: DashboardRow[];
  totals: { accepted: number; ready: number; pending: number };
}

function exportRow({ record, ready }: DashboardRow): string {
  const id = escapeHtml(record.id);
  const status = ready ? '<span class="badge ready">Ready</span>' : '<span class="badge pending">Being prepared</span>';
  const action = ready ? `<a href="/exports/${id}/download">Download CSV</a>` : '<span class="muted">Not yet</span>';
  return `<tr><td><code>${id}</code></td><td>${escapeHtml(record.report)}</td><td class="num">${number(record.rows)}</td><td>${when(record.acceptedAt)}</td><td>${status}</td><td>${action}</td></tr>`;
}

export function dashboardPage(view: DashboardView): string {
  const table =
    view.rows.length === 0
      ? '<p class="muted">No exports yet. Request one above.</p>'
      : `<table>
<thead><tr><th>Export</th><th>Report</th><th class="num">Rows</th><th>Requested</th><th>Status</th><th></th></tr></thead>
<tbody>
${view.rows.map(exportRow).join('\n')}
</tbody>
</table>`;
  return layout(
    'Exports',
    'dashboard',
    `<h1>Exports</h1>
<p class="lead">Request a new export or download a finished one.</p>
<div class="grid">
  <div class="stat"><b>${number(view.totals.accepted)}</b><small>requested</small></div>
  <div class="stat"><b>${number(view.totals.ready)}</b><small>ready to download</small></div>
  <div class="stat"><b>${number(view.totals.pending)}</b><small>being prepared</small></div>
</div>
<div class="card">
  <h2>New export</h2>
  <form class="inline" method="post" action="/exports">
    <label>Rows<input type="number" name="rows" min="1" max="${MAX_EXPORT_ROWS}" step="1" value="${DEFAULT_EXPORT_ROWS}" required></label>
    <label>Report<select name="report"><option value="orders" selected>Orders</option></select></label>
    <button class="button" type="submit">Request export</button>
  </form>
</div>
<div class="card">
  <h2>Recent exports</h2>
  ${table}
</div>`,
  );
}

export function acceptedPage(record: ExportRecord): string {
  const id = escapeHtml(record.id);
  return layout(
    'Export requested',
    'none',
    `<div class="card">
  <h1>We are preparing your export</h1>
  <p class="lead">Your ${escapeHtml(record.report)} export of ${number(record.rows)} rows has been accepted and is being put together in the background. It will appear on your exports page with a download link once it is ready.</p>
  <p class="muted">Reference: <code>${id}</code></p>
  <p><a class="button" href="/dashboard">Back to your exports</a> <a class="button secondary" href="/exports/${id}">Check its status</a></p>
</div>`,
  );
}

export function errorPage(status: number, message: string): string {
  const title = status === 404 ? 'Page not found' : status >= 500 ? 'Please try again in a moment' : 'That did not work';
  return layout(
    title,
    'none',
    `<div class="card">
  <h1>${escapeHtml(title)}</h1>
  <p class="lead">${escapeHtml(message)}</p>
  <p><a class="button" href="/dashboard">Go to your exports</a> <a class="button secondary" href="/">Home</a></p>
</div>`,
  );
}
