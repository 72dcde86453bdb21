import { backlogDrainedAt, readFinishedAt } from '../../../kits/celery-redis/backlog-drain.js';
import type { Debrief, DebriefBook, TimelineEntry } from '../../../scenario/debrief.js';
import { readSessionLog, type SessionEntry } from '../../../shim/session-log.js';
import { commandLine } from '../../../shim/shell-words.js';
import type { RuleBreakClassifier } from '../../../shim/transcript.js';
import type { Baseline } from '../baseline.js';
import { accountExports } from '../criteria/account.js';
import { lossStoppedHalves } from '../criteria/headroom.js';
import { ANSWER } from '../criteria/root-cause.js';
import { loudOrSilentDemo } from '../demos/loud-or-silent.js';
import { SAFE_POLICY } from '../figures.js';
import { takeSnapshot } from '../observe/observe.js';
import { noTouch } from '../observe/read-memory.js';
import type { Snapshot } from '../observe/snapshot.js';

export interface EvictionEvidence {
  at: string;
  baseline: Baseline;
  session: SessionEntry[];
  snapshot?: Snapshot;
  /** When the result backend stored each successful export, by export id (the task id is the export id). */
  finishedAt: Record<string, string>;
  unread: string[];
}

/** A command that changes what Redis keeps or queues again what it lost; help and dry runs change nothing. */
const isFix = (line: string) =>
  /CONFIG\s+SET\s+maxmemory/i.test(line) || (/redrive-exports/.test(line) && !/redrive-exports\b.*\s(--help|-h|--dry-run|-n)(\s|$)/.test(line));
const seconds = (from: string, to: string | undefined) => (to === undefined ? null : Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10);

/** The postmortem of the eviction outage, from its evidence. Pure. */
export function buildEvictionDebrief(evidence: EvictionEvidence, ruleBreak: RuleBreakClassifier): Debrief {
  const { baseline, snapshot } = evidence;
  const began = baseline.createdAt;
  const t = (at: string) => Math.round((Date.parse(at) - Date.parse(began)) / 100) / 10;
  const timeline: TimelineEntry[] = [
    {
      at: began,
      t: 0,
      kind: 'handover',
      text: `a busy hour of ${baseline.busyHour.acceptedIds.length} exports; ${baseline.busyHour.lostIds.length} of them held nowhere, evicted_keys ${baseline.busyHour.evictedKeys} (${baseline.busyHour.policy})`,
    },
  ];
  const lines = evidence.session.map((entry) => ({ entry, line: commandLine(entry), broke: ruleBreak(entry.argv, entry.program) }));
  for (const { entry, line, broke } of lines)
    timeline.push({ at: entry.at, t: t(entry.at), kind: isFix(line) ? 'fix' : 'command', text: broke ? `${line} (${broke})` : line });
  // What the containers did on their own or by hand since the hand-over: a worker that died when
  // Redis refused its writes shows here.
  const events = (snapshot?.events ?? []).filter((event) => event.time > began && (event.action === 'die' || event.action === 'start'));
  for (const event of events) {
    const name = event.name ?? 'a container';
    const death = event.action === 'die';
    timeline.push({
      at: event.time,
      t: t(event.time),
      kind: death ? 'death' : 'start',
      text: death ? `${name} exited (${event.exitCode ?? '?'})` : `${name} started`,
    });
  }
  const statement = baseline.statement;
  const diagnosed = statement && statement.component === ANSWER.component && statement.cause === ANSWER.cause ? statement.at : undefined;
  if (statement) timeline.push({ at: statement.at, t: t(statement.at), kind: 'diagnosis', text: `stated: ${statement.component}, ${statement.cause}` });
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  const open = evidence.unread.map((source) => `could not read ${source}`);
  const account = snapshot ? accountExports(snapshot, baseline) : undefined;
  const halves = snapshot?.memory && account ? lossStoppedHalves(snapshot.memory, account) : undefined;
  if (!statement) open.push('no root cause stated yet (`check` asks for it)');
  else if (!diagnosed) open.push('the root cause stated is not what the evidence shows');
  if (halves && !halves.policy) open.push(`Redis still evicts (${snapshot!.memory!.policy})`);
  if (halves && halves.policy && !halves.headroom) open.push('Redis no longer evicts but has no room: writes are refused');
  if (account && account.gone.length > 0) open.push(`${account.gone.length} accepted export(s) are still held nowhere`);
  if (snapshot?.memory?.policy === SAFE_POLICY) open.push('CONFIG SET does not survive a restart of redis: its command line still starts it as a cache');
  const depth = snapshot?.broker.queueDepth ?? null;
  const fixes = lines.filter(({ line }) => isFix(line));
  const lastFix = fixes.at(-1)?.entry.at;
  const drained = backlogDrainedAt(snapshot?.web.ledger ?? [], evidence.finishedAt, lastFix);
  const drainedAt = drained?.at;
  if (drained)
    timeline.push({
      at: drained.at,
      t: t(drained.at),
      kind: 'drain-end',
      text: `the backlog ran out: the last of the ${drained.exports} exports accepted before the last fix finished`,
    });
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  const deaths = events.filter((event) => event.action === 'die');
  // Service is back at the last fix, or at the start of a container that died, whichever is later.
  const restartAfterDeath = events
    .filter((event) => event.action === 'start' && deaths.some((death) => death.name === event.name && death.time < event.time))
    .at(-1)?.time;
  const recoveredAt = [lastFix, restartAfterDeath]
    .filter((at): at is string => at !== undefined)
    .sort()
    .at(-1);
  return {
    kind: 'async-outage-lab/debrief',
    version: 1,
    at: evidence.at,
    title: diagnosed ? 'Vanishing exports: the broker evicted queued work' : 'Vanishing exports',
    subject: 'redis',
    resolved: Boolean(diagnosed && halves?.policy && halves.headroom && account?.gone.length === 0 && depth === 0),
    began,
    timeline,
    figures: {
      timeToDiagnoseS: seconds(began, diagnosed),
      timeToRecoverS: seconds(began, recoveredAt),
      timeToDrainS: seconds(began, drainedAt),
      backlogAtHandover: baseline.busyHour.depthAtHandover,
      // The busy hour's exports were evicted as they queued: no reading caught the queue's high point.
      backlogPeak: null,
      fixAttempts: fixes.length,
      subjectStarts: events.filter((event) => event.action === 'start' && event.name === 'redis').length,
      subjectDeaths: deaths.filter((event) => event.name === 'redis').length,
      commands: evidence.session.length,
    },
    figureNotes: {
      diagnose: 'outage to your correct answer',
      // Until the cause is stated, the note names no fix.
      recover: diagnosed
        ? 'outage to the last command that changed what Redis keeps or queued the lost exports again, or to the start of a container that had died, if later'
        : 'outage to your last fix command, or to the start of a container that had died, if later',
    },
    rules: [
      {
        rule: 'redis is not restarted or flushed, no queued job deleted',
        kept: !lines.some(({ broke }) => broke && /redis|flush|delet|queue|volume/i.test(broke)),
        commands: lines.filter(({ broke }) => broke && /redis|flush|delet|queue|volume/i.test(broke)).map(({ line }) => line),
      },
      {
        rule: 'web and worker stay running as they are',
        kept: !lines.some(({ broke }) => broke && /web|worker/i.test(broke)),
        commands: lines.filter(({ broke }) => broke && /web|worker/i.test(broke)).map(({ line }) => line),
      },
    ],
    open: diagnosed && open.length === 0 ? [] : open,
    questions: [{ question: loudOrSilentDemo.question, demo: loudOrSilentDemo.name, command: `async-outage-lab demo ${loudOrSilentDemo.name}` }],
  };
}

export const redisEvictionDebrief: DebriefBook<Baseline, EvictionEvidence> = {
  questions: [{ question: loudOrSilentDemo.question, demo: loudOrSilentDemo.name }],
  async gather(baseline, sessionLog) {
    const unread: string[] = [];
    const snapshot = await takeSnapshot(baseline).catch((error: unknown) => {
      unread.push(`the lab (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    });
    // Without touching the keys' LRU: reading must not change what a still-evicting Redis drops next.
    const finishedAt = await readFinishedAt(baseline.redis.password, noTouch).catch((error: unknown) => {
      unread.push(`the result backend (${error instanceof Error ? error.message : String(error)})`);
      return {};
    });
    return { at: new Date().toISOString(), baseline, session: readSessionLog(sessionLog), ...(snapshot ? { snapshot } : {}), finishedAt, unread };
  },
  build: buildEvictionDebrief,
};
