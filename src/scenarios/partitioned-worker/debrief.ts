import type { Debrief, DebriefBook, TimelineEntry } from '../../scenario/debrief.js';
import { readSessionLog, type SessionEntry } from '../../shim/session-log.js';
import type { Baseline } from './baseline.js';
import { ANSWER } from './criteria/root-cause.js';

interface Evidence {
  baseline: Baseline;
  entries: SessionEntry[];
}

const isFix = (argv: readonly string[]) => argv[0] === 'network' && argv[1] === 'connect';

/** The incident from the learner's commands and the baseline: when it began, what was tried, what reconnected it. */
export const partitionedWorkerDebrief: DebriefBook<Baseline, Evidence> = {
  questions: [
    {
      question: '`docker ps` said Up for the whole outage. What health check would have said unhealthy, and what would Docker do with it?',
      demo: 'healthcheck',
    },
  ],
  gather: async (baseline, sessionLog) => ({ baseline, entries: readSessionLog(sessionLog) }),
  build: ({ baseline, entries }, ruleBreak) => {
    const began = baseline.worker.finishedAt;
    const t = (at: string) => Math.round((Date.parse(at) - Date.parse(began)) / 1000);
    const timeline: TimelineEntry[] = [
      { at: began, t: 0, kind: 'kill', text: 'the worker stops consuming (every container still Up)' },
      { at: baseline.createdAt, t: t(baseline.createdAt), kind: 'handover', text: `handed over with ${baseline.backlog.depthAtHandover} jobs waiting` },
      ...entries.map(
        (entry): TimelineEntry => ({ at: entry.at, t: t(entry.at), kind: isFix(entry.argv) ? 'fix' : 'command', text: `docker ${entry.argv.join(' ')}` }),
      ),
    ];
    const statement = baseline.statement;
    const diagnosed = statement?.component === ANSWER.component && statement.cause === ANSWER.cause;
    const fixes = entries.filter((entry) => isFix(entry.argv));
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
        timeToDrainS: null,
        backlogAtHandover: baseline.backlog.depthAtHandover,
        backlogPeak: baseline.backlog.depthAtHandover,
        fixAttempts: fixes.length,
        workerStarts: entries.filter((entry) => ['start', 'restart'].includes(entry.argv[0] ?? '') && entry.argv.includes('worker')).length,
        workerDeaths: 0,
        commands: entries.length,
      },
      rules: [{ rule: 'leave web and redis as they are', kept: broken.length === 0, commands: broken.map((item) => `docker ${item.entry.argv.join(' ')}`) }],
      open: diagnosed ? [] : ['the root cause has not been stated correctly yet (`async-outage-lab check`)'],
      questions: [],
    };
    return debrief;
  },
};
