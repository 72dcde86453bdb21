import { backlogDrainedAt, readFinishedAt } from '../../kits/celery-redis/backlog-drain.js';
import { backlogSeries } from '../../kits/celery-redis/debrief/backlog-series.js';
import type { LedgerEntry } from '../../kits/celery-redis/observe/snapshot.js';
import { readLedger } from '../../kits/celery-redis/observe/web-api.js';
import type { Debrief, DebriefBook, TimelineEntry } from '../../scenario/debrief.js';
import { readSessionLog, type SessionEntry } from '../../shim/session-log.js';
import type { Baseline } from './baseline.js';
import { ANSWER } from './criteria/root-cause.js';

export interface Evidence {
  baseline: Baseline;
  entries: SessionEntry[];
  /** The web's ledger (accepted exports, finished or not). */
  ledger: LedgerEntry[];
  /** When each export's result was stored, by export id. */
  finishedAt: Record<string, string>;
  unread: string[];
}

const questions = [
  {
    question: '`docker ps` said Up for the whole outage. What health check would have said unhealthy, and what would Docker do with it?',
    demo: 'healthcheck',
  },
];

/** A `docker network connect` of the worker that worked (one of web or redis, or a failed one, is no fix). */
const isFix = (entry: SessionEntry) => entry.exitCode === 0 && entry.argv[0] === 'network' && entry.argv[1] === 'connect' && entry.argv.includes('worker');

/** The incident from the learner's commands and the baseline: when it began, what was tried, what reconnected it. */
export const partitionedWorkerDebrief: DebriefBook<Baseline, Evidence> = {
  questions,
  gather: async (baseline, sessionLog) => {
    const unread: string[] = [];
    const orNothing = <T>(what: string, read: Promise<T>, nothing: T) =>
      read.catch((error: unknown) => {
        unread.push(`${what} (${error instanceof Error ? error.message : String(error)})`);
        return nothing;
      });
    const [ledger, finishedAt] = await Promise.all([
      orNothing(
        "the web's ledger",
        readLedger(baseline.sitePort).then((reply) => reply.entries),
        [],
      ),
      orNothing('the result backend', readFinishedAt(baseline.redis.password), {}),
    ]);
    return { baseline, entries: readSessionLog(sessionLog), ledger, finishedAt, unread };
  },
  build: ({ baseline, entries, ledger, finishedAt, unread }, ruleBreak) => {
    const began = baseline.worker.finishedAt;
    const t = (at: string) => Math.round((Date.parse(at) - Date.parse(began)) / 1000);
    const timeline: TimelineEntry[] = [
      { at: began, t: 0, kind: 'kill', text: 'the worker stops consuming (every container still Up)' },
      { at: baseline.createdAt, t: t(baseline.createdAt), kind: 'handover', text: `handed over with ${baseline.backlog.depthAtHandover} jobs waiting` },
      ...entries.map(
        (entry): TimelineEntry => ({ at: entry.at, t: t(entry.at), kind: isFix(entry) ? 'fix' : 'command', text: `docker ${entry.argv.join(' ')}` }),
      ),
    ];
    const statement = baseline.statement;
    const diagnosed = statement?.component === ANSWER.component && statement.cause === ANSWER.cause;
    if (statement) timeline.push({ at: statement.at, t: t(statement.at), kind: 'diagnosis', text: `stated: ${statement.component}, ${statement.cause}` });
    const fixes = entries.filter(isFix);
    const drained = backlogDrainedAt(ledger, finishedAt, fixes.at(-1)?.at);
    if (drained)
      timeline.push({
        at: drained.at,
        t: t(drained.at),
        kind: 'drain-end',
        text: `the backlog ran out: the last of the ${drained.exports} exports accepted before the reconnection finished`,
      });
    timeline.sort((a, b) => a.at.localeCompare(b.at));
    // The queue grew while nothing consumed it: its peak, from the hand-over's depth and every export accepted and finished since.
    const series = backlogSeries(
      Date.parse(baseline.createdAt),
      baseline.backlog.depthAtHandover,
      ledger.map((entry) => entry.acceptedAt),
      Object.values(finishedAt),
    );
    const peak = Math.max(...series.map((point) => point.depth));
    const broken = entries.map((entry) => ({ entry, rule: ruleBreak(entry.argv, entry.program) })).filter((item) => item.rule);
    const debrief: Debrief = {
      kind: 'async-outage-lab/debrief',
      version: 1,
      at: new Date().toISOString(),
      title: 'Everything was Up, nothing was consumed',
      subject: 'worker',
      resolved: diagnosed && fixes.length > 0,
      began,
      timeline,
      figures: {
        timeToDiagnoseS: diagnosed && statement ? t(statement.at) : null,
        timeToRecoverS: fixes[0] ? t(fixes[0].at) : null,
        timeToDrainS: drained ? t(drained.at) : null,
        backlogAtHandover: baseline.backlog.depthAtHandover,
        backlogPeak: peak,
        fixAttempts: fixes.length,
        subjectStarts: entries.filter((entry) => ['start', 'restart'].includes(entry.argv[0] ?? '') && entry.argv.includes('worker')).length,
        subjectDeaths: 0,
        commands: entries.length,
      },
      // Until the cause is stated, the notes name no fix.
      figureNotes: {
        diagnose: 'outage to your correct answer',
        recover: diagnosed ? 'outage to the first `docker network connect` that put the worker back on a network' : 'outage to your first fix that held',
      },
      rules: [{ rule: 'leave web and redis as they are', kept: broken.length === 0, commands: broken.map((item) => `docker ${item.entry.argv.join(' ')}`) }],
      open: [
        ...unread.map((source) => `could not read ${source}: what depends on it is missing below`),
        ...(diagnosed ? [] : ['the root cause has not been stated correctly yet (`async-outage-lab check`)']),
      ],
      // The question answers the outage: it opens with the diagnosis.
      questions: diagnosed ? questions.map((q) => ({ ...q, command: `async-outage-lab demo ${q.demo}` })) : [],
      ...(diagnosed
        ? {}
        : { questionsHeld: 'A follow-up question, with an experiment to watch, opens once you state the root cause (`async-outage-lab check` asks for it).' }),
    };
    return debrief;
  },
};
