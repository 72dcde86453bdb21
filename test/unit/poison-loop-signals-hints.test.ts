import { describe, expect, it } from 'vitest';
import { recordingFile } from '../../fixtures/poison-loop/snapshots.js';
import { type PoisonPlace, poisonLoopSituation } from '../../src/scenarios/poison-loop/hints.js';
import { classifyPoisonLoopCommand } from '../../src/scenarios/poison-loop/rule-breaks.js';
import { crashSignals, type PoisonLiveSample } from '../../src/scenarios/poison-loop/status/crash-signals.js';
import { lastTaskOfEndedRuns } from '../../src/scenarios/poison-loop/status/port.js';
import type { HintFacts } from '../../src/scenarios/worker-oom/hint-rules.js';

const LOOP = 'loop-solo-acks-late-vt1';
const poisonId = recordingFile(LOOP, 'poison-id.txt').trim();

describe('poison-loop status: the crash loop from recordings', () => {
  it("reads every ended run of the recorded loop's log as ending on the poison export", () => {
    const log = recordingFile(LOOP, 'worker.log');
    const ended = lastTaskOfEndedRuns(log);
    expect(ended.length).toBe(9);
    expect(new Set(ended)).toEqual(new Set([poisonId]));
  });

  it('a prefork worker that survives its child logs no ended run at all', () => {
    expect(lastTaskOfEndedRuns(recordingFile('prefork-acks-late-reject', 'worker.log'))).toEqual([]);
  });

  /** The recorded samples (seconds, status, RestartCount, ExitCode, OOMKilled) as live samples. */
  function samplesOf(run: string): PoisonLiveSample[] {
    const ended = lastTaskOfEndedRuns(recordingFile(run, 'worker.log'));
    return recordingFile(run, 'samples.tsv')
      .trim()
      .split('\n')
      .map((line) => {
        const [t, state] = line.split('\t') as [string, string];
        const [status, restarts, exit, oom] = state.split(' ');
        const worker = {
          name: 'worker' as const,
          exists: true,
          status,
          running: status === 'running',
          restartCount: Number(restarts),
          exitCode: Number(exit),
          oomKilled: oom === 'true',
        };
        return {
          at: Number(t) * 1000,
          containers: { worker, web: { name: 'web' as const, exists: true }, redis: { name: 'redis' as const, exists: true } },
          broker: { reachable: true },
          web: { reachable: true },
          crash: { lastTaskOfEndedRuns: ended.slice(0, Math.min(ended.length, Number(restarts))) },
        };
      });
  }

  it('pages on the recorded loop: deaths every minute, exit 139 without OOMKilled, the same task before each death', () => {
    const signals = Object.fromEntries(crashSignals(samplesOf(LOOP)).map((s) => [s.id, s]));
    expect(signals['worker.deaths']!.level).toBe('PAGE');
    expect(signals['worker.exit']!.text).toBe('exit 139 (signal 11), OOMKilled false');
    expect(signals['worker.same-task']!.level).toBe('PAGE');
    expect(signals['worker.same-task']!.text).toContain(poisonId.slice(0, 8));
  });

  it('is quiet on the recorded prefork run, whose container never restarted', () => {
    const signals = Object.fromEntries(crashSignals(samplesOf('prefork-acks-late-reject')).map((s) => [s.id, s]));
    expect(signals['worker.deaths']!.level).toBe('OK');
    expect(signals['worker.same-task']!.level).toBe('OK');
  });
});

describe('poison-loop hints and rules', () => {
  const facts = (poison: PoisonPlace, commands: string[][], running = false): HintFacts & { poison: PoisonPlace } =>
    ({
      worker: { exists: true, running },
      baselineLimitBytes: 0,
      requiredLimitBytes: 0,
      commands: commands.map((argv) => ({ argv, ...(classifyPoisonLoopCommand(argv) ? { ruleBreak: classifyPoisonLoopCommand(argv)! } : {}) })),
      asked: {},
      poison,
    }) as HintFacts & { poison: PoisonPlace };

  it('walks the situations from looking to draining', () => {
    expect(poisonLoopSituation(facts('in-the-way', []))).toBe('look-first');
    expect(poisonLoopSituation(facts('in-the-way', [['ps', '-a']]))).toBe('how-it-ends');
    expect(
      poisonLoopSituation(
        facts('in-the-way', [
          ['ps', '-a'],
          ['logs', 'worker'],
        ]),
      ),
    ).toBe('which-export');
    expect(poisonLoopSituation(facts('in-the-way', [['exec', 'redis', 'redis-cli', 'HGETALL', 'unacked']]))).toBe('set-it-aside');
    expect(poisonLoopSituation(facts('aside', [['exec', 'redis', 'redis-cli', 'HDEL', 'unacked', 't']]))).toBe('start-it');
    expect(poisonLoopSituation(facts('aside', [], true))).toBe('draining');
    expect(poisonLoopSituation(facts('gone', []))).toBe('deleted');
    expect(poisonLoopSituation(facts('in-the-way', [['restart', 'web']]))).toBe('rule-broken');
  });

  it('moving one delivery aside breaks no rule; flushing or dropping jobs still does', () => {
    for (const verb of ['HDEL unacked t', 'ZREM unacked_index t', 'LMOVE celery exports.dead-letter RIGHT LEFT']) {
      expect(classifyPoisonLoopCommand(['exec', 'redis', 'redis-cli', ...verb.split(' ')]), verb).toBeUndefined();
    }
    for (const verb of ['FLUSHALL', 'DEL unacked', 'RPOP celery']) {
      expect(classifyPoisonLoopCommand(['exec', 'redis', 'redis-cli', ...verb.split(' ')]), verb).toBeDefined();
    }
  });
});
