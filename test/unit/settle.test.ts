import { describe, expect, it } from 'vitest';
import { brokenSnapshot, inFlightUnacked, PLAN } from '../../fixtures/snapshots/lab.js';
import { missingIds, SETTLE_TIMEOUT_MS, settleMissing } from '../../src/kits/celery-redis/observe/settle.js';
import type { BrokerView, WebView } from '../../src/kits/celery-redis/observe/snapshot.js';

const readings = (snapshot = brokenSnapshot()) => ({ broker: snapshot.broker, web: snapshot.web });

describe('settling exports missing from the first read', () => {
  it('finds none missing on the recorded broken lab (the in-flight export is in unacked)', () => {
    const { broker, web } = readings();
    expect(missingIds(broker, web.ledger!)).toEqual([]);
  });

  it('re-reads an export caught between BRPOP and the write to unacked, and records where it was found', async () => {
    const { broker, web } = readings();
    const moving = PLAN.tasks[10]!.exportId;
    const first: BrokerView = { ...broker, queuedIds: broker.queuedIds!.filter((id) => id !== moving) };
    const later: BrokerView = { ...broker, unacked: [...broker.unacked!, { ...inFlightUnacked(), exportId: moving, deliveryTag: 'moved' }] };
    const settled = await settleMissing(
      first,
      web,
      async () => later,
      async () => web,
    );
    expect(settled.broker.settle).toMatchObject({ missing: [moving], found: [moving], reads: 1 });
    expect(settled.broker.queuedIds).toContain(moving);
    expect(settled.broker.unacked!.map((job) => job.exportId)).toContain(moving);
  });

  it('marks an export that finished between the reads as finished', async () => {
    const { broker, web } = readings();
    const done = PLAN.tasks[10]!.exportId;
    const first: BrokerView = { ...broker, queuedIds: broker.queuedIds!.filter((id) => id !== done) };
    const laterWeb: WebView = { ...web, ledger: web.ledger!.map((entry) => (entry.id === done ? { ...entry, ready: true } : entry)) };
    const settled = await settleMissing(
      first,
      web,
      async () => first,
      async () => laterWeb,
    );
    expect(settled.web.ledger!.find((entry) => entry.id === done)!.ready).toBe(true);
  });

  /** One export deleted from the queue, and every re-read the same: it stays missing until the window ends. */
  async function settleWithOneDeleted(timeoutMs?: number) {
    const { broker, web } = readings();
    const deleted = PLAN.tasks[10]!.exportId;
    const first: BrokerView = { ...broker, queuedIds: broker.queuedIds!.filter((id) => id !== deleted) };
    const started = Date.now();
    const settled = await settleMissing(
      first,
      web,
      async () => first,
      async () => web,
      timeoutMs,
    );
    return { deleted, settled, took: Date.now() - started };
  }

  it('gives up after its timeout and leaves a deleted export missing', async () => {
    const { deleted, settled, took } = await settleWithOneDeleted();
    expect(took).toBeGreaterThanOrEqual(SETTLE_TIMEOUT_MS - 50);
    expect(settled.broker.settle).toMatchObject({ missing: [deleted], found: [] });
    expect(settled.broker.settle!.reads).toBeGreaterThan(5);
  });

  it("gives up after the window it is given, shorter than a grade's", async () => {
    const { deleted, settled, took } = await settleWithOneDeleted(500);
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(SETTLE_TIMEOUT_MS - 1000);
    expect(settled.broker.settle).toMatchObject({ missing: [deleted], found: [] });
  });
});
