import { Argument, Command } from 'commander';
import { ExitCode, LabError } from '../errors.js';
import { secondsSince } from '../scenario/demo.js';
import { demoLab, demoNamed } from '../usecases/demo.js';
import { action } from './action.js';
import { catalog, helpScenario } from './scenario-choice.js';

interface DemoOptions {
  json?: boolean;
}

export function demoCommand(): Command {
  const scenario = helpScenario();
  const demos = scenario.demos;
  return new Command('demo')
    .description("run a live experiment beside the lab, on containers of the demo's own, and show what happened")
    .addArgument(new Argument('<name>', 'the experiment').choices(demos.map((demo) => demo.name)))
    .option('--json', 'print one JSON object with what was observed')
    .addHelpText(
      'after',
      `
Experiments:
${demos.map((demo) => `  ${demo.name.padEnd(16)} ${demo.summary}`).join('\n')}

Examples:
  $ async-outage-lab demo ${demos[0]?.name ?? '<name>'}
  $ async-outage-lab demo ${demos[1]?.name ?? '<name>'} --json | jq .figures

${scenario.texts.demos}
Runs once a root cause of the lab's outage is stated (\`check\`).
Exit codes: 0 done, 1 no root cause stated yet, 3 no lab, no Docker or no lab image, 4 the demo failed, 130 Ctrl-C.`,
    )
    .action(
      action<DemoOptions>(async (options, output, args) => {
        const demo = demoNamed(scenario, args[0]);
        const controller = new AbortController();
        let stoppedBy: NodeJS.Signals | undefined;
        const stop = (signal: NodeJS.Signals) => {
          if (stoppedBy) process.exit(signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated);
          stoppedBy = signal;
          controller.abort();
        };
        process.on('SIGINT', stop).on('SIGTERM', stop);
        const started = Date.now();
        output.line(output.bold(`demo ${demo.name}: ${demo.question}`));
        const say = (text: string) => output.line(`${output.dim(`[${secondsSince(started).toFixed(1).padStart(5)} s]`)} ${text}`);
        try {
          const { outcome, removed } = await demoLab(catalog, demo, say, controller.signal);
          say(`removed the demo's ${removed.length} container${removed.length === 1 ? '' : 's'} and its network`);
          output.line();
          output.line(output.bold('What was observed:'));
          for (const line of outcome.observed) output.line(`  ${line}`);
          output.result({ kind: 'async-outage-lab/demo', version: 1, seconds: secondsSince(started), ...outcome });
          return ExitCode.ok;
        } catch (error) {
          if (stoppedBy)
            throw new LabError(`demo ${demo.name} stopped on ${stoppedBy === 'SIGINT' ? 'Ctrl-C' : stoppedBy}; its containers were removed.`, {
              exitCode: stoppedBy === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated,
            });
          throw error;
        } finally {
          process.off('SIGINT', stop).off('SIGTERM', stop);
        }
      }),
    );
}
