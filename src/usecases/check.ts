import { gradeOf } from '../checks/grade.js';
import { ExitCode, LabError } from '../errors.js';
import { readHintsUsed } from '../lab/hint-record.js';
import { requireLab } from '../lab/lab-absence.js';
import { acquireLock } from '../lab/lock.js';
import type { StepReporter } from '../lab/progress.js';
import { readBaseline, writeBaseline } from '../lab/state.js';
import { statePaths } from '../project/paths.js';
import type { LabBaseline } from '../scenario/baseline.js';
import type { AnyScenario, Catalog, RootCauseQuestion } from '../scenario/contract.js';
import type { Statement } from '../scenario/judge.js';
import type { DrainReading } from '../scenario/ports.js';
import type { CheckReportView } from '../scenario/report.js';
import { readSessionLog } from '../shim/session-log.js';
import { transcriptOf } from '../shim/transcript.js';

export interface CheckRequest {
  /** The statement given with the flags, if any (it replaces a kept one). */
  stated?: Statement;
  /** Asks the learner, when nothing was stated yet; undefined (or no answer): judged without one. */
  ask?: (question: RootCauseQuestion) => Promise<Statement | undefined>;
  /** Follow the drain to its end first (`--wait`), for at most `timeoutMs`. */
  wait: boolean;
  timeoutMs: number;
}

/** How `check` reports its progress: its steps, and each reading of the drain it follows. */
export interface CheckReporter extends StepReporter {
  drain: { reading: (reading: DrainReading) => void; done: (last: DrainReading | undefined) => void };
}

/** A statement the flags gave, checked against the outage's question: a usage error otherwise. */
export function statedFrom(question: RootCauseQuestion, component: string | undefined, cause: string | undefined): Statement | undefined {
  if (component !== undefined && !question.components.includes(component)) throw new LabError('unknown component', { exitCode: ExitCode.usage });
  if (cause !== undefined && !question.causes.includes(cause)) throw new LabError('unknown cause', { exitCode: ExitCode.usage });
  if ((component === undefined) !== (cause === undefined)) {
    throw new LabError('State the root cause with both --component and --cause.', {
      hint: `e.g. --component <${question.components.join('|')}> --cause <${question.causes.join('|')}>`,
      exitCode: ExitCode.usage,
    });
  }
  return component !== undefined && cause !== undefined ? { component, cause } : undefined;
}

/**
 * `check`: observes the lab that is up (after following its drain with `wait`), judges each
 * criterion once, and returns the report with its grade. Changes nothing but the kept statement
 * and the last grade (which `debrief` reports).
 */
export async function checkLab(catalog: Catalog, request: CheckRequest, reporter: CheckReporter): Promise<{ scenario: AnyScenario; report: CheckReportView }> {
  let { baseline, scenario } = await requireLab(catalog);
  let statement: Statement | undefined = request.stated ?? baseline.statement;
  const fresh = request.stated ?? (baseline.statement ? undefined : await request.ask?.(scenario.check.rootCause));
  if (fresh) {
    statement = fresh;
    baseline = { ...baseline, statement: { component: fresh.component, cause: fresh.cause, at: new Date().toISOString() } };
    // The question may have waited minutes: keep the answer only if no reset replaced the lab meanwhile.
    const current = readBaseline(catalog);
    if (current.kind !== 'ok' || current.baseline.createdAt !== baseline.createdAt) {
      throw new LabError('The lab was set up again while you answered (a reset or up ran).', {
        hint: 'Run `async-outage-lab check` again.',
        exitCode: ExitCode.environment,
      });
    }
    writeBaseline({ ...current.baseline, statement: baseline.statement });
  }
  const followed = request.wait ? await followDrain(scenario, baseline, request.timeoutMs, reporter) : undefined;
  // The grade holds for the lab as it was from here on: a command run while it is observed is after it.
  const observedFrom = new Date().toISOString();
  const snapshot = await reporter.step('Observe the lab', async (detail) =>
    scenario.check.drain.observe(baseline, { followed, onReading: (reading) => detail(reading.line) }),
  );
  const context = { ...(statement ? { statement: { component: statement.component, cause: statement.cause } } : {}), waited: request.wait };
  const verdicts = scenario.check.criteria.judge(snapshot, baseline, context);
  const transcript = transcriptOf(readSessionLog(statePaths().sessionLog), scenario.ruleBreak);
  const grade = gradeOf(verdicts);
  const built = scenario.check.report.build({ snapshot, baseline, context, verdicts, grade, transcript, hintsUsed: readHintsUsed(baseline.createdAt) });
  const report = { scenario: scenario.id, ...built };
  keepLastCheck(catalog, baseline.createdAt, {
    at: observedFrom,
    solved: grade.solved,
    failing: verdicts.filter((verdict) => !verdict.passed).map((verdict) => verdict.title),
  });
  return { scenario, report };
}

/** Keeps the grade for `debrief`, on the lab it was given for (a reset meanwhile keeps none). */
function keepLastCheck(catalog: Catalog, createdAt: string, lastCheck: NonNullable<LabBaseline['lastCheck']>): void {
  // Under the lab's lock, so that an up, reset or down cannot write its baseline between the read
  // and the write; one running now replaces the lab the grade was for, so nothing is kept.
  let release: () => void;
  try {
    release = acquireLock(statePaths().lock, 'check');
  } catch {
    return;
  }
  try {
    const current = readBaseline(catalog);
    if (current.kind === 'ok' && current.baseline.createdAt === createdAt) writeBaseline({ ...current.baseline, lastCheck });
  } catch {
    // A state file that cannot be written costs `debrief` its status, never the grade itself.
  } finally {
    release();
  }
}

/** Follows the drain until the backlog is empty, nothing consumes it any more, or the timeout. */
async function followDrain(
  scenario: AnyScenario,
  baseline: Parameters<AnyScenario['check']['drain']['follow']>[0],
  timeoutMs: number,
  reporter: CheckReporter,
): Promise<unknown> {
  let last: DrainReading | undefined;
  let followed: unknown;
  try {
    followed = await scenario.check.drain.follow(baseline, timeoutMs, (reading) => {
      last = reading;
      reporter.drain.reading(reading);
    });
    return followed;
  } finally {
    if (followed !== undefined || last !== undefined) reporter.drain.done(last);
  }
}
