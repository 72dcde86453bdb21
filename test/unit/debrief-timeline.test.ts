import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { debriefMarkdown, renderDebrief } from '../../src/cli/debrief-view.js';
import { Output } from '../../src/cli/output.js';
import { stackStateSchema } from '../../src/kits/celery-redis/baseline.js';
import { parseTaskResult } from '../../src/kits/celery-redis/broker/results.js';
import { classifyCommand } from '../../src/kits/celery-redis/rules/docker-commands.js';
import { containerEventFromDocker } from '../../src/observe/from-inspect.js';
import { baselineSchema } from '../../src/scenarios/worker-oom/baseline.js';
import { buildDebrief, type DebriefEvidence } from '../../src/scenarios/worker-oom/debrief/index.js';
import { readSessionLog } from '../../src/shim/session-log.js';

// A real solved outage (fixtures/debrief/README.md): the raw files, read as the lab reads them.
const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'debrief');
const text = (file: string) => readFileSync(join(dir, file), 'utf8');
const [depth, parked] = text('queue-after-solved.txt').trim().split('\n').map(Number);

function solvedEvidence(): DebriefEvidence {
  const baseline = stackStateSchema(baselineSchema).parse(JSON.parse(text('baseline-solved.json')));
  const events = text('events-solved.jsonl')
    .trim()
    .split('\n')
    .map((line) => containerEventFromDocker(JSON.parse(line)))
    .filter((e) => e !== undefined);
  const results = text('results-solved.jsonl')
    .trim()
    .split('\n')
    .map((line) => parseTaskResult(line));
  const ledger = JSON.parse(text('ledger-solved.json')) as { entries: Array<{ acceptedAt: string }> };
  return {
    at: '2026-12-02T17:03:56.000Z',
    baseline,
    events,
    session: readSessionLog(join(dir, 'session-solved.jsonl')),
    finishedAt: results.flatMap((r) => (r.status === 'SUCCESS' && r.dateDone ? [r.dateDone] : [])),
    acceptedAt: ledger.entries.map((e) => e.acceptedAt),
    now: { queueDepth: depth!, parked: parked!, running: true },
  };
}

describe('debrief of a real solved outage', () => {
  const debrief = buildDebrief(solvedEvidence(), classifyCommand);

  it('starts at the kill and puts every moment in order', () => {
    expect(debrief.timeline[0]?.kind).toBe('kill');
    expect(debrief.timeline[0]?.t).toBe(0);
    const times = debrief.timeline.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(debrief.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['handover', 'evidence', 'diagnosis', 'fix', 'start', 'death', 'drain-start', 'drain-end']),
    );
  });

  it('reads each fix attempt with what followed it: the bare start dies again; update and start on one line is one attempt that stays up', () => {
    const fixes = debrief.timeline.filter((e) => e.kind === 'fix').map((e) => e.text);
    expect(fixes).toHaveLength(2);
    expect(fixes[0]).toMatch(/`docker start worker` → started, and died again [\d.]+ s later \(exit 137\)/);
    expect(fixes[1]).toMatch(
      /^fix attempt 2: `docker update --memory 512m --memory-swap 512m worker` then `docker start worker` \(one command line\) → started, and stayed up$/,
    );
    expect(debrief.timeline.filter((e) => e.kind === 'death').map((e) => e.text)).toEqual(['the worker was OOM-killed (exit 137)']);
  });

  it('counts two commands typed seconds apart as two attempts', () => {
    const evidence = solvedEvidence();
    // The second command (and what Docker did after it) five seconds later: typed, not chained.
    const cut = Date.parse(evidence.session[6]!.at);
    const later = (at: string) => (Date.parse(at) >= cut ? new Date(Date.parse(at) + 5000).toISOString() : at);
    const typed = buildDebrief(
      {
        ...evidence,
        session: evidence.session.map((entry) => ({ ...entry, at: later(entry.at) })),
        events: evidence.events.map((event) => ({ ...event, time: later(event.time) })),
      },
      classifyCommand,
    );
    const fixes = typed.timeline.filter((e) => e.kind === 'fix').map((e) => e.text);
    expect(fixes).toHaveLength(3);
    expect(fixes[1]).toMatch(/`docker update --memory 512m --memory-swap 512m worker` → the cap changed; the worker was not started$/);
  });

  it('measures diagnosis, recovery and drain from the kill, in that order', () => {
    const { timeToDiagnoseS, timeToRecoverS, timeToDrainS } = debrief.figures;
    expect(timeToDiagnoseS).toBeGreaterThan(0);
    expect(timeToRecoverS).toBeGreaterThan(timeToDiagnoseS!);
    expect(timeToDrainS).toBeGreaterThan(timeToRecoverS!);
    // The drain ends when the backlog runs out, before the last customer export finished.
    const lastResult = Math.max(...solvedEvidence().finishedAt.map(Date.parse));
    expect(Date.parse(debrief.began) + timeToDrainS! * 1000).toBeLessThan(lastResult);
    expect(debrief.figures).toMatchObject({ fixAttempts: 2, subjectStarts: 2, subjectDeaths: 1 });
    expect(debrief.figures.backlogPeak).toBeGreaterThanOrEqual(debrief.figures.backlogAtHandover);
  });

  it('dates the diagnosis to the first look at how the worker ended, never after the drain, even when the answer came last', () => {
    const evidence = solvedEvidence();
    const answeredAtTheEnd = { ...evidence, baseline: { ...evidence.baseline, statement: { ...evidence.baseline.statement!, at: evidence.at } } };
    const late = buildDebrief(answeredAtTheEnd, classifyCommand);
    const at = (kind: string) => Date.parse(late.timeline.find((e) => e.kind === kind)!.at);
    expect(at('diagnosis')).toBe(Date.parse(evidence.session[2]!.at)); // `docker inspect worker`
    expect(at('diagnosis')).toBeLessThan(at('drain-end'));
    expect(at('answer')).toBeGreaterThan(at('drain-end'));
    expect(late.figures.timeToDiagnoseS).toBe(Math.round((Date.parse(evidence.session[2]!.at) - Date.parse(late.began)) / 100) / 10);
    // A wrong answer diagnoses nothing.
    const wrong = { ...evidence, baseline: { ...evidence.baseline, statement: { ...evidence.baseline.statement!, cause: 'lost-jobs' } } };
    expect(buildDebrief(wrong, classifyCommand).figures.timeToDiagnoseS).toBeNull();
  });

  it('asks the paging question with the backlog this outage handed over, not the default', () => {
    const paging = debrief.questions.find((q) => q.demo === 'paging')!;
    expect(paging.question).toBe(`Which signal should have paged before the backlog reached ${debrief.figures.backlogAtHandover.toLocaleString('en-US')}?`);
  });

  it('is resolved, keeps both rules, and leaves only the parked exports open', () => {
    expect(debrief.resolved).toBe(true);
    expect(debrief.rules.every((rule) => rule.kept)).toBe(true);
    expect(debrief.open).toEqual([expect.stringMatching(/^2 export\(s\) parked in unacked/)]);
    expect(debrief.questions.map((q) => q.command)).toEqual([
      'async-outage-lab demo acks-late',
      'async-outage-lab demo paging',
      'async-outage-lab demo restart-policy',
    ]);
  });

  it('writes a Markdown postmortem with the timeline as a table', () => {
    const markdown = debriefMarkdown(debrief);
    expect(markdown).toMatch(/^# Postmortem: /);
    expect(markdown).toContain('| t (from the outage) | time (UTC) | event | what happened |');
    // Every row fills each of the header's four columns.
    for (const row of markdown.split('\n').filter((line) => line.startsWith('| +')))
      expect(
        row
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map((cell) => cell.trim())
          .every(Boolean),
        row,
      ).toBe(true);
    expect(markdown.split('\n').filter((line) => line.startsWith('| +'))).toHaveLength(debrief.timeline.length);
  });

  it('writes its demo commands the way the user runs the lab, as the terminal debrief does', () => {
    expect(debriefMarkdown(debrief, { npm_command: 'exec' })).toContain('Run `npx async-outage-lab demo acks-late` to watch the answer.');
    expect(debriefMarkdown(debrief, {})).toContain('Run `async-outage-lab demo acks-late` to watch the answer.');
  });
});

describe('debrief while the outage is open', () => {
  it('says what is still open: no statement, the worker down, the queue waiting', () => {
    const evidence = solvedEvidence();
    const { statement: _statement, ...baseline } = evidence.baseline;
    const cut = Date.parse(evidence.session[3]!.at); // before the first fix attempt
    const open = buildDebrief(
      {
        ...evidence,
        baseline,
        session: evidence.session.slice(0, 3),
        events: evidence.events.filter((e) => Date.parse(e.time) < cut),
        finishedAt: evidence.finishedAt.filter((at) => Date.parse(at) < cut),
        now: { queueDepth: 1500, parked: 1, running: false },
      },
      classifyCommand,
    );
    expect(open.resolved).toBe(false);
    // No cause named before the learner names one.
    expect(JSON.stringify(open.timeline) + open.title).not.toMatch(/OOM|memory/i);
    expect(open.figures).toMatchObject({ timeToDiagnoseS: null, timeToRecoverS: null, timeToDrainS: null, fixAttempts: 0 });
    expect(open.open).toEqual([
      expect.stringMatching(/no root cause stated/),
      'the worker is not running',
      expect.stringMatching(/^1,500 exports still wait/),
      "1 export(s) wait in Redis's `unacked` hash, out of the queue",
    ]);
  });

  it('holds back what names the cause until a root cause is stated: the questions, the dead worker, the kill', () => {
    const evidence = solvedEvidence();
    const { statement: _statement, ...baseline } = evidence.baseline;
    const open = buildDebrief({ ...evidence, baseline }, classifyCommand);
    expect(open.questions).toEqual([]);
    expect(open.questionsHeld).toMatch(/open once you state a root cause/);
    let terminal = '';
    const stream = { isTTY: false, write: (chunk: string) => ((terminal += chunk), true) } as unknown as NodeJS.WriteStream;
    renderDebrief(open, new Output({ stream, env: { NO_COLOR: '1' } }));
    for (const text of [terminal, debriefMarkdown(open)]) {
      expect(text).toContain('open once you state a root cause');
      // The learner's own commands are theirs to quote; nothing else may name the cause.
      const ours = text.split('\n').filter((line) => !line.includes('`docker '));
      expect(ours.filter((line) => /\boom|memory|kill|dead|silent|demo /i.test(line))).toEqual([]);
    }
    // Once stated, everything is there.
    expect(buildDebrief(evidence, classifyCommand).questions).toHaveLength(3);
  });

  it('names a broken rule with the command that broke it', () => {
    const evidence = solvedEvidence();
    const flush = { ...evidence.session[0]!, argv: ['exec', 'redis', 'redis-cli', 'FLUSHALL'] };
    const broken = buildDebrief({ ...evidence, session: [...evidence.session, flush] }, classifyCommand);
    expect(broken.rules.some((rule) => !rule.kept && rule.commands.some((c) => c.includes('FLUSHALL')))).toBe(true);
    // The command is quoted as code, what it broke is prose: in the terminal and in Markdown alike.
    const line = debriefMarkdown(broken)
      .split('\n')
      .find((l) => l.startsWith('  - ') && l.includes('FLUSHALL'))!;
    expect(line).toMatch(/^ {2}- `docker exec redis redis-cli FLUSHALL`: [^`]+$/);
    let terminal = '';
    const stream = { isTTY: false, write: (chunk: string) => ((terminal += chunk), true) } as unknown as NodeJS.WriteStream;
    renderDebrief(broken, new Output({ stream, env: { NO_COLOR: '1' } }));
    expect(terminal).toMatch(/^ {6}`docker exec redis redis-cli FLUSHALL`: [^`]+$/m);
  });

  it('says which source it could not read, instead of an unexplained open outage', () => {
    const evidence = solvedEvidence();
    const blind = buildDebrief(
      { ...evidence, finishedAt: [], now: { ...evidence.now, queueDepth: null, parked: null }, unread: ["the lab's Redis (NOAUTH Authentication required.)"] },
      classifyCommand,
    );
    expect(blind.resolved).toBe(false);
    expect(blind.open[0]).toBe("could not read the lab's Redis (NOAUTH Authentication required.): what depends on it is missing below");
  });
});
