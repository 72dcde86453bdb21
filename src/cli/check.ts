import { Command, Option } from 'commander';
import type { RootCauseQuestion } from '../scenario/contract.js';
import type { Statement } from '../scenario/judge.js';
import { checkLab, statedFrom } from '../usecases/check.js';
import { action, intOption } from './action.js';
import { askChoice } from './ask.js';
import { renderCheckReport } from './check-report.js';
import { drainProgress } from './drain-progress.js';
import { stopAtOnceOnSignal } from './interruption.js';
import type { Output } from './output.js';
import { catalog, helpScenario } from './scenario-choice.js';

interface CheckOptions {
  component?: string;
  cause?: string;
  wait?: boolean;
  timeout: number;
  json?: boolean;
}

/** Asks for the root cause once, on a terminal only (never under --json). */
function askOn(output: Output) {
  return async (question: RootCauseQuestion): Promise<Statement | undefined> => {
    if (!process.stdin.isTTY || !process.stdout.isTTY || output.json) return undefined;
    output.line('Before the evidence: what broke? (asked once; `check --component ... --cause ...` changes it)');
    const [componentQuestion, causeQuestion] = question.questions;
    const component = await askChoice(output, componentQuestion!.prompt, componentQuestion!.choices);
    const cause = await askChoice(output, causeQuestion!.prompt, causeQuestion!.choices);
    output.line();
    return { component, cause };
  };
}

export function checkCommand(): Command {
  const scenario = helpScenario();
  const { components, causes } = scenario.check.rootCause;
  const sends = scenario.texts.checkWaitSends;
  return new Command('check')
    .description(`grade the fix, criterion by criterion, from what the lab shows now${sends ? '' : ' (read-only)'}`)
    .addOption(new Option('--component <name>', scenario.texts.componentOption).choices([...components]))
    .addOption(new Option('--cause <cause>', 'your answer: what happened to it').choices([...causes]))
    .option(
      '--wait',
      `${sends ? `send ${sends}, then ` : ''}follow the backlog until it is drained (progress bar and ETA); passes only if the fix holds all the way down`,
    )
    .addOption(new Option('--timeout <seconds>', 'longest --wait follows the drain').argParser(intOption('--timeout', 1, 7200)).default(900))
    .option('--json', 'print one JSON report (schema: checkReportSchema)')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab check                                   # asks for the root cause once, on a terminal
  $ async-outage-lab check ${scenario.texts.statementExample}
  $ async-outage-lab check --wait                            # follow the drain to 0
  $ async-outage-lab check --json | jq .criteria

Exit codes: 0 solved, 1 not solved yet, 2 usage, 3 no Docker or no lab ("run up first").
${sends ? `check changes no container or setting; only --wait sends ${sends}.` : 'check never changes the lab; it only looks.'}`,
    )
    .action(
      action<CheckOptions>(async (options, output) => {
        stopAtOnceOnSignal('check');
        const stated = statedFrom(scenario.check.rootCause, options.component, options.cause);
        let progress: ReturnType<typeof drainProgress> | undefined;
        const reporter = {
          step: output.step.bind(output),
          drain: {
            reading: (reading: Parameters<ReturnType<typeof drainProgress>['update']>[0]) => (progress ??= drainProgress(output)).update(reading),
            done: (last: Parameters<ReturnType<typeof drainProgress>['done']>[0]) => (progress ??= drainProgress(output)).done(last),
          },
        };
        const { report, scenario: up } = await checkLab(
          catalog,
          { stated, ask: askOn(output), wait: Boolean(options.wait), timeoutMs: options.timeout * 1000 },
          reporter,
        );
        output.line();
        renderCheckReport(report, up, output);
        return report.exitCode;
      }),
    );
}
