import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, labProcess } from './harness.js';

/**
 * status and hint on the broken lab, as a user runs them: one JSON snapshot, a watch read as
 * NDJSON and stopped with Ctrl-C, three hints deepening in one situation, and check listing them.
 */
const json = (text: string) => JSON.parse(text) as Record<string, any>;

describe('status and hint on the broken lab', () => {
  beforeAll(async () => {
    const reset = await lab(['reset', '--backlog', '200'], { timeoutMs: 120_000 });
    expect(reset.exitCode, reset.all).toBe(0);
  });
  afterAll(async () => {
    await lab(['down']);
  });

  it('status --json names the dead worker and pages on the unconsumed queue', async () => {
    const status = await lab(['status', '--json']);
    expect(status.exitCode, status.all).toBe(0);
    const report = json(status.stdout);
    expect(report.up).toBe(true);
    expect(Object.fromEntries(report.containers.map((c: any) => [c.name, c.status]))).toEqual({ web: 'running', redis: 'running', worker: 'exited (137)' });
    expect(report.containerSignals.worker.level).toBe('PAGE');
    expect(report.containerSignals.web.level).toBe('OK');
    const signals = report.signals;
    expect(signals['queue.depth'].value).toBeGreaterThanOrEqual(150);
    expect(signals['queue.consumers']).toMatchObject({ level: 'PAGE', value: 0 });
    expect(signals['queue.unacked'].value).toBeGreaterThanOrEqual(1);
    expect(signals['exports.finished']).toMatchObject({ level: 'PAGE', value: 0 });
    expect(signals['queue.eta']).toMatchObject({ level: 'PAGE', text: 'never at this rate' });
    expect(signals['queue.oldest'].value).toBeGreaterThanOrEqual(0);
    // Customers post about every 3 s: a 2 s snapshot may hear none, so only its shape is certain.
    expect(typeof signals['web.accepted'].value).toBe('number');
  });

  it('status --watch --interval 1 prints one JSON line per interval and leaves with 0 on Ctrl-C', async () => {
    const watch = labProcess(['status', '--watch', '--interval', '1']);
    let text = '';
    const lines = await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 3 NDJSON lines within 20 s; got ${JSON.stringify(text)}`)), 20_000);
      watch.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const complete = text.split('\n').filter(Boolean);
        if (text.endsWith('\n') && complete.length >= 3) {
          clearTimeout(timer);
          resolve(complete);
        }
      });
    });
    watch.kill('SIGINT');
    const result = await watch;
    expect(result.exitCode, String(result.all)).toBe(0);
    const records = lines.map(json);
    for (const record of records) {
      expect(record.kind).toBe('async-outage-lab/status');
      // Three inspects, one events read for all three containers (the starts since `up`, as check
      // counts them), and a stats request per container unless the last is still out.
      expect(record.cost.calls).toMatchObject({ redis: 1, web: 1 });
      expect(record.cost.calls.docker).toBeGreaterThanOrEqual(4);
      expect(record.cost.calls.docker).toBeLessThanOrEqual(7);
      expect(record.containers.worker.status).toBe('exited');
    }
    const times = records.map((record) => Date.parse(record.at));
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(1800);
    expect(records[2]!.signals['queue.rate'].level).not.toBe('UNKNOWN');
  });

  it('hint deepens from a nudge to the command in one situation, and check lists the hints used', async () => {
    const levels: number[] = [];
    for (let ask = 0; ask < 3; ask++) {
      const hint = await lab(['hint', '--json']);
      expect(hint.exitCode, hint.all).toBe(0);
      const given = json(hint.stdout);
      expect(given.situation).toBe('look-first');
      levels.push(given.level);
      if (given.level < 3) expect(given.text).not.toMatch(/docker ps/);
      else expect(given.text).toMatch(/docker ps -a/);
    }
    expect(levels).toEqual([1, 2, 3]);
    const check = await lab(['check', '--json']);
    expect(check.exitCode, check.all).toBe(1);
    const report = json(check.stdout);
    expect(report.hintsUsed.map((h: any) => [h.situation, h.level])).toEqual([
      ['look-first', 1],
      ['look-first', 2],
      ['look-first', 3],
    ]);
    const human = await lab(['check']);
    expect(human.stdout).toMatch(/Hints used: 3 \(“nothing inspected yet” to level 3\)/);
  });
});
