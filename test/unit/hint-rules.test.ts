import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hintsLine } from '../../src/cli/check-report.js';
import { classifyCommand } from '../../src/kits/celery-redis/rules/docker-commands.js';
import { askedBySituation, readHintsUsed, recordHintUsed } from '../../src/lab/hint-record.js';
import { nextHintLevel } from '../../src/scenario/hints.js';
import type { HintFacts } from '../../src/scenarios/worker-oom/hint-rules.js';
import { workerOomSituation } from '../../src/scenarios/worker-oom/hint-rules.js';
import { workerOomHints } from '../../src/scenarios/worker-oom/hints.js';

const MIB = 1024 * 1024;
const words = (line: string) => line.split(' ');

/** One fixture per situation: the lab's worker and the commands typed so far. */
function facts(commands: string[], worker: Partial<HintFacts['worker']> = {}, asked: Record<string, number> = {}): HintFacts {
  return {
    worker: { exists: true, running: false, status: 'exited', limitBytes: 160 * MIB, ...worker },
    baselineLimitBytes: 160 * MIB,
    requiredLimitBytes: 330 * MIB,
    commands: commands.map((line) => {
      const argv = words(line);
      const ruleBreak = classifyCommand(argv);
      return { argv, ...(ruleBreak ? { ruleBreak } : {}) };
    }),
    asked,
  };
}

describe('worker-oom hint situations', () => {
  it('nothing inspected yet: where to look first', () => {
    expect(workerOomSituation(facts([]))).toBe('look-first');
    expect(workerOomSituation(facts(['version', 'images']))).toBe('look-first');
  });
  it('the worker seen exited, its end not inspected: how to find out why', () => {
    expect(workerOomSituation(facts(['ps -a']))).toBe('find-why');
    expect(workerOomSituation(facts(['-H unix:///x container ls -a']))).toBe('find-why');
    expect(workerOomSituation(facts(['ps -a', 'logs worker']))).toBe('find-why');
    expect(workerOomSituation(facts(['logs --tail 20 worker']))).toBe('find-why');
  });
  it('how it ended inspected, and nothing started: no word of a start that never happened', () => {
    expect(workerOomSituation(facts(['ps -a', 'inspect worker']))).toBe('why-seen');
    expect(workerOomSituation(facts(['inspect worker']))).toBe('why-seen');
    expect(workerOomSituation(facts(['events --since 10m']))).toBe('why-seen');
    expect(workerOomHints.situations['why-seen']!.title).not.toMatch(/start/);
  });
  it('only `docker start` tried: what the worker meets in the backlog', () => {
    expect(workerOomSituation(facts(['start worker']))).toBe('oom-start-only');
    expect(workerOomSituation(facts(['inspect worker', 'start worker']))).toBe('oom-start-only');
    // Started again under the old cap: it is running, for now.
    expect(workerOomSituation(facts(['start worker'], { running: true, status: 'running' }))).toBe('oom-start-only');
  });
  it('memory raised but the worker not started', () => {
    expect(workerOomSituation(facts(['update --memory 512m --memory-swap 512m worker'], { limitBytes: 512 * MIB }))).toBe('raised-not-started');
    expect(workerOomSituation(facts([], { limitBytes: undefined }))).toBe('raised-not-started');
  });
  it('started with room and draining: how to confirm', () => {
    expect(workerOomSituation(facts(['update -m 512m worker', 'start worker'], { running: true, status: 'running', limitBytes: 512 * MIB }))).toBe('draining');
  });
  it('a rule broken comes first, told once per breaking command; then the hints move on to the worker', () => {
    expect(workerOomSituation(facts(['restart web']))).toBe('rule-broken');
    // Told once: the next hint is about the worker being fixed, with the damage as an aside.
    const told = facts(['restart web', 'ps -a', 'inspect worker'], {}, { 'rule-broken': 1 });
    expect(workerOomSituation(told)).toBe('why-seen');
    expect(workerOomHints.aside!(told, 'why-seen')).toMatch(/^Aside: a command of yours touched web or redis/);
    expect(workerOomHints.aside!(facts(['ps -a']), 'find-why')).toBeUndefined();
    expect(
      workerOomSituation(
        facts(['restart web', 'update -m 512m worker', 'start worker'], { running: true, status: 'running', limitBytes: 512 * MIB }, { 'rule-broken': 1 }),
      ),
    ).toBe('draining');
    // A second breaking command is told too.
    expect(workerOomSituation(facts(['restart web', 'exec redis redis-cli FLUSHALL'], {}, { 'rule-broken': 1 }))).toBe('rule-broken');
    // No level sends the learner away from the worker they are fixing with only a reset.
    for (const text of workerOomHints.situations['rule-broken']!.levels) expect(text).not.toMatch(/then `async-outage-lab reset`/);
  });
});

describe('hint levels and texts', () => {
  it('deepens one level per ask, and the command only on the third', () => {
    expect([0, 1, 2, 3, 7].map(nextHintLevel)).toEqual([1, 2, 3, 3, 3]);
  });
  it('every situation has three different texts; levels 1-2 carry no runnable fix', () => {
    for (const [id, situation] of Object.entries(workerOomHints.situations)) {
      expect(new Set(situation.levels).size, id).toBe(3);
      for (const text of situation.levels.slice(0, 2)) expect(text, id).not.toMatch(/--memory|docker update|docker start|512m/);
    }
    expect(workerOomHints.situations['oom-start-only']!.levels[2]).toMatch(/docker update --memory/);
  });
});

describe('the hint record', () => {
  it('belongs to one outage: a new up or reset reads as empty; writes are atomic and appended', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'aol-hints-')), 'hints.json');
    expect(readHintsUsed('A', path)).toEqual([]);
    recordHintUsed('A', { at: '2026-12-02T06:00:00Z', situation: 'look-first', level: 1 }, path);
    const used = recordHintUsed('A', { at: '2026-12-02T06:01:00Z', situation: 'look-first', level: 2 }, path);
    expect(used.map((u) => u.level)).toEqual([1, 2]);
    expect(askedBySituation(used)).toEqual({ 'look-first': 2 });
    expect(readHintsUsed('B', path)).toEqual([]);
    expect(JSON.parse(readFileSync(path, 'utf8')).outageCreatedAt).toBe('A');
    writeFileSync(path, '{not json');
    expect(readHintsUsed('A', path)).toEqual([]);
  });
  it("check's line says how deep each situation went", () => {
    expect(
      hintsLine(
        [
          { at: 'x', situation: 'look-first', level: 1 },
          { at: 'x', situation: 'look-first', level: 2 },
          { at: 'x', situation: 'find-why', level: 1 },
        ],
        workerOomHints.situations,
      ),
    ).toBe('Hints used: 3 (“nothing inspected yet” to level 2, “the worker is down, and why is still open” to level 1)');
  });
  it('shows no internal id to the learner: every situation has a title, and the line uses it', () => {
    const ids = Object.keys(workerOomHints.situations);
    const line = hintsLine(
      ids.map((situation) => ({ at: 'x', situation, level: 1 })),
      workerOomHints.situations,
    );
    for (const id of ids) expect(line).not.toContain(id);
  });
});
