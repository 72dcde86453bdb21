import { describe, expect, it } from 'vitest';
import type { ExportRecord } from '../../../src/kits/celery-redis/web/ledger.js';
import { parseRedriveArgs } from '../../../src/kits/celery-redis/web/redrive/main-args.js';
import { planRedrive, type Whereabouts } from '../../../src/kits/celery-redis/web/redrive/plan.js';
import { outcomeLines } from '../../../src/kits/celery-redis/web/redrive/text.js';
import { recordedSnapshot } from './fixture-snapshot.js';

/** The ledger and Redis's replies recorded from the broken lab, as the re-drive reads them. */
function recordedBroken(): { ledger: ExportRecord[]; reading: Whereabouts } {
  const snapshot = recordedSnapshot('broken');
  const ledger = snapshot.web.ledger!.map((entry) => ({
    id: entry.id,
    rows: entry.rows,
    report: 'orders',
    source: 'customer' as const,
    acceptedAt: entry.acceptedAt,
  }));
  const unacked = new Set((snapshot.broker.unacked ?? []).map((job) => job.exportId));
  const reading: Whereabouts = {
    finished: new Set(snapshot.web.ledger!.filter((entry) => entry.ready).map((entry) => entry.id)),
    unacked,
    queued: new Set((snapshot.broker.queuedIds ?? []).filter((id) => !unacked.has(id))),
  };
  return { ledger, reading };
}

describe('the re-drive over the recorded ledger and Redis', () => {
  it('queues exactly the accepted exports that are finished nowhere and held nowhere', () => {
    const { ledger, reading } = recordedBroken();
    const plan = planRedrive(ledger, [reading]);
    expect(plan.missing).toHaveLength(1388);
    expect(plan.finished.length + plan.waiting.length + plan.unacked.length + plan.missing.length).toBe(ledger.length);
    for (const record of plan.missing) expect(reading.finished.has(record.id) || reading.queued.has(record.id) || reading.unacked.has(record.id)).toBe(false);
  });

  it('is idempotent: once the missing ones are queued, a second run finds nothing to queue', () => {
    const { ledger, reading } = recordedBroken();
    const first = planRedrive(ledger, [reading]);
    const after: Whereabouts = { ...reading, queued: new Set([...reading.queued, ...first.missing.map((record) => record.id)]) };
    const second = planRedrive(ledger, [after]);
    expect(second.missing).toEqual([]);
    expect(second.waiting).toHaveLength(first.waiting.length + first.missing.length);
  });

  it('leaves alone an export a later reading finds in `unacked` or finished (a job in transit is not missing)', () => {
    const { ledger, reading } = recordedBroken();
    const [inTransit, justFinished] = planRedrive(ledger, [reading]).missing;
    const later: Whereabouts = { ...reading, unacked: new Set([inTransit!.id]), finished: new Set([...reading.finished, justFinished!.id]) };
    const plan = planRedrive(ledger, [reading, later]);
    expect(plan.unacked).toContain(inTransit!.id);
    expect(plan.finished).toContain(justFinished!.id);
    expect(plan.missing.map((record) => record.id)).not.toContain(inTransit!.id);
    expect(plan.missing).toHaveLength(1386);
  });

  it('says what it did, and names Redis refusing (the policy without room)', () => {
    const { ledger, reading } = recordedBroken();
    const plan = planRedrive(ledger, [reading]);
    const lines = outcomeLines(
      {
        plan,
        readings: 3,
        settledMs: 410,
        queued: [],
        refused: plan.missing.map((r) => r.id),
        firstError: "OOM command not allowed when used memory > 'maxmemory'.",
      },
      { dryRun: false, settleMs: 2000, intervalMs: 200 },
    );
    expect(lines[0]).toMatch(/1,388 missing \(3 reading\(s\) over 410 ms\)$/);
    expect(lines.at(-1)).toBe("Redis refused 1,388 export(s): OOM command not allowed when used memory > 'maxmemory'.; they are still missing");
  });

  it('parses its arguments: --help, --dry-run, --settle-ms, and refuses anything else', () => {
    expect(parseRedriveArgs(['--help'])).toEqual({ help: true });
    expect(parseRedriveArgs(['-n', '--settle-ms', '500'])).toEqual({ help: false, options: { dryRun: true, settleMs: 500, intervalMs: 200 } });
    expect(parseRedriveArgs(['--settle-ms', 'soon'])).toEqual({ error: '--settle-ms takes a whole number of milliseconds from 0 to 60000' });
    expect(parseRedriveArgs(['--all'])).toEqual({ error: 'unknown argument "--all"' });
  });
});
