import { describe, expect, it } from 'vitest';
import { recorded } from '../../fixtures/partitioned-worker/lab.js';
import { briefing } from '../../src/scenarios/partitioned-worker/briefing.js';
import { judge } from '../../src/scenarios/partitioned-worker/criteria/index.js';
import { type HintFacts, partitionedWorkerHints, partitionedWorkerSituation } from '../../src/scenarios/partitioned-worker/hints.js';
import { SPOILER } from '../../src/scenarios/partitioned-worker/report.js';
import { partitionedWorkerTexts } from '../../src/scenarios/partitioned-worker/texts.js';

const worker = { exists: true, running: true, onLabNetwork: false, restartedSinceUp: false };
const facts = (change: Partial<HintFacts> = {}): HintFacts => ({ worker, commands: [], asked: {}, ...change });
const argv = (...words: string[]) => ({ argv: words });

describe('partitioned-worker hints', () => {
  it.each([
    ['nothing typed yet', facts(), 'look-first'],
    ['docker ps said every container is Up', facts({ commands: [argv('ps', '-a')] }), 'up-is-not-working'],
    [
      'the worker was restarted and is still cut off',
      facts({ worker: { ...worker, restartedSinceUp: true }, commands: [argv('restart', 'worker')] }),
      'restart-kept-it-cut',
    ],
    ['the worker is back on the lab network', facts({ worker: { ...worker, onLabNetwork: true } }), 'draining'],
    ['redis was restarted', facts({ commands: [{ argv: ['restart', 'redis'], ruleBreak: 'restarted redis' }] }), 'rule-broken'],
  ])('%s: %s', (_name, given, situation) => {
    expect(partitionedWorkerSituation(given)).toBe(situation);
  });

  it('levels 1 and 2 never name the fix; the command comes only at level 3', () => {
    for (const situation of Object.values(partitionedWorkerHints.situations)) {
      for (const level of situation.levels.slice(0, 2)) expect(level).not.toMatch(/network connect|disconnect/);
    }
    expect(partitionedWorkerHints.situations['restart-kept-it-cut']?.levels[2]).toContain('docker network connect async-outage-lab_default worker');
  });
});

describe('partitioned-worker holds its cause back', () => {
  it('the briefing and the help texts name no network', () => {
    const { baseline } = recorded('partitioned-at-handover');
    for (const line of [...briefing(baseline), ...Object.values(partitionedWorkerTexts)]) expect(line).not.toMatch(SPOILER);
  });

  it('every evidence line of the cut worker that names its networks is held back before a statement', () => {
    const { baseline, snapshot } = recorded('partitioned-at-handover');
    const reconnected = judge(snapshot, baseline, { waited: false }).find((verdict) => verdict.id === 'worker-reconnected');
    const spoiling = reconnected?.evidence.filter((line) => /network/.test(line)) ?? [];
    expect(spoiling.length).toBeGreaterThan(0);
    for (const line of spoiling) expect(line).toMatch(SPOILER);
  });
});
