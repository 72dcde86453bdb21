import { Command, Option } from 'commander';
import { inspectLab } from '../docker/engine.js';
import { ExitCode, LabError } from '../errors.js';
import type { Statement } from '../checks/types.js';
import type { LabBaseline as Baseline } from '../lab/lab-baseline.js';
import { readHintsUsed } from '../lab/hint-record.js';
import { statePaths } from '../lab/paths.js';
import { readBaseline, writeBaseline } from '../lab/state.js';
import { requireLab } from '../lab/lab-absence.js';
import { activeScenario } from '../scenarios/index.js';
import type { DrainReading } from '../scenarios/ports.js';
import { readSessionLog } from '../shim/session-log.js';
import { transcriptOf } from '../shim/transcript.js';
import { action, intOption } from './action.js';
import { askChoice } from './ask.js';
import { renderCheckReport } from './check-report.js';
import { drainProgress } from './drain-progress.js';
import { stopAtOnceOnSignal } from './interruption.js';
import type { Output } from './output.js';

const { components: COMPONENTS, causes: CAUSES } = activeScenario.rootCause;
const isComponent = (value: string) => COMPONENTS.includes(value);
const isCause = (value: string) => CAUSES.includes(value);

interface CheckOptions {
  component?: string;
  cause?: string;
  wait?: boolean;
  timeout: number;
  json?: boolean;
}

/** The learner's statement: from the flags, kept from an earlier check, or asked on a terminal. */
async function statementFor(options: CheckOptions, baseline: Baseline, output: Output): Promise<{ statement?: Statement; changed: boolean }> {
  if (options.component !== undefined && options.cause !== undefined) {
    return { statement: { component: options.component, cause: options.cause }, changed: true };
  }
  if (baseline.statement) return { statement: baseline.statement, changed: false };
  if (!process.stdin.isTTY || !process.stdout.isTTY || output.json) return { changed: false };
  output.line('Before the evidence: what broke? (asked once; `check --component ... --cause ...` changes it)');
  const [componentQuestion, causeQuestion] = activeScenario.rootCause.questions;
  const component = await askChoice(output, componentQuestion!.prompt, componentQuestion!.choices);
  const cause = await askChoice(output, causeQuestion!.prompt, causeQuestion!.choices);
  output.line();
  return { statement: { component, cause }, changed: true };
}

/** Follows the drain until the backlog is empty, nothing consumes it any more, or the timeout. */
async function followDrain(baseline: Baseline, timeoutMs: number, output: Output): Promise<unknown> {
  const progress = drainProgress(output);
  let last: DrainReading | undefined;
  let followed: unknown;
  try {
    followed = await activeScenario.drain.follow(baseline, timeoutMs, (reading) => {
      last = reading;
      progress.update(reading);
    });
    return followed;
  } finally {
    if (followed !== undefined || last !== undefined) progress.done(last);
  }
}

export function checkCommand(): Command {
  return new Command('check')
    .description('grade the fix, criterion by criterion, from what the lab shows now (read-only)')
    .addOption(new Option('--component <name>', activeScenario.texts.componentOption).choices([...COMPONENTS]))
    .addOption(new Option('--cause <cause>', 'your answer: what happened to it').choices([...CAUSES]))
    .option('--wait', 'follow the backlog until it is drained (progress bar and ETA); passes only if the fix holds all the way down')
    .addOption(new Option('--timeout <seconds>', 'longest --wait follows the drain').argParser(intOption('--timeout', 1, 7200)).default(900))
    .option('--json', 'print one JSON report (schema: checkReportSchema)')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab check                                   # asks for the root cause once, on a terminal
  $ async-outage-lab check ${activeScenario.texts.statementExample}
  $ async-outage-lab check --wait                            # follow the drain to 0
  $ async-outage-lab check --json | jq .criteria

Exit codes: 0 solved, 1 not solved yet, 2 usage, 3 no Docker or no lab ("run up first").
check never changes the lab; it only looks.`,
    )
    .action(
      action<CheckOptions>(async (options, output) => {
        stopAtOnceOnSignal('check');
        if (options.component !== undefined && !isComponent(options.component)) throw new LabError('unknown component', { exitCode: ExitCode.usage });
        if (options.cause !== undefined && !isCause(options.cause)) throw new LabError('unknown cause', { exitCode: ExitCode.usage });
        if ((options.component === undefined) !== (options.cause === undefined)) {
          throw new LabError('State the root cause with both --component and --cause.', { hint: `e.g. --component <${COMPONENTS.join('|')}> --cause <${CAUSES.join('|')}>`, exitCode: ExitCode.usage });
        }
        const names = activeScenario.containers;
        let baseline = await requireLab(names);
        const infos = await inspectLab(names);
        const { statement, changed } = await statementFor(options, baseline, output);
        if (changed && statement) {
          baseline = { ...baseline, statement: { ...statement, at: new Date().toISOString() } };
          // The question may have waited minutes: keep the answer only if no reset replaced the lab meanwhile.
          const current = readBaseline();
          if (current.kind !== 'ok' || current.baseline.createdAt !== baseline.createdAt) {
            throw new LabError('The lab was set up again while you answered (a reset or up ran).', { hint: 'Run `async-outage-lab check` again.', exitCode: ExitCode.environment });
          }
          writeBaseline({ ...current.baseline, statement: baseline.statement });
        }
        const followed = options.wait ? await followDrain(baseline, options.timeout * 1000, output) : undefined;
        const snapshot = await output.step('Observe the lab', async (detail) => activeScenario.drain.observe(baseline, { followed, onReading: (reading) => detail(reading.line) }));
        const context = { statement, waited: Boolean(options.wait) };
        const transcript = transcriptOf(readSessionLog(statePaths().sessionLog), activeScenario.ruleBreak);
        const report = activeScenario.report.build({ snapshot, baseline, context, transcript, verdicts: activeScenario.criteria.judge(snapshot, baseline, context), hintsUsed: readHintsUsed(baseline.createdAt) });
        output.line();
        renderCheckReport(report, output);
        return report.exitCode;
      }),
    );
}
