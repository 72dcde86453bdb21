import type { ServiceDeps } from './deps.js';
import { listReadyIds } from './export-files.js';
import { dashboardPage, homePage } from './pages.js';
import { html, json } from './reply.js';
import type { Handler } from './router.js';

/** How many exports the dashboard lists. */
export const DASHBOARD_LIMIT = 50;

export function siteHandlers(deps: ServiceDeps): { home: Handler; dashboard: Handler; health: Handler } {
  const home: Handler = () => html(200, homePage());

  const dashboard: Handler = async () => {
    const ready = await listReadyIds(deps.exportsDir);
    let readyCount = 0;
    for (const record of deps.ledger.all()) if (ready.has(record.id)) readyCount++;
    const rows = deps.ledger.recent(DASHBOARD_LIMIT).map((record) => ({ record, ready: ready.has(record.id) }));
    const accepted = deps.ledger.size;
    return html(200, dashboardPage({ rows, totals: { accepted, ready: readyCount, pending: accepted - readyCount } }));
  };

  /** The web's own health: it answers and holds its ledger. The queue behind it is not its health. */
  const health: Handler = () =>
    json(200, {
      status: 'ok',
      startedAt: deps.startedAt.toISOString(),
      uptimeSeconds: Math.round((deps.now().getTime() - deps.startedAt.getTime()) / 1000),
      exportsAccepted: deps.ledger.size,
    });

  return { home, dashboard, health };
}
