import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import type { LabBaseline } from '../scenario/baseline.js';
import type { AnyScenario } from '../scenario/contract.js';
import { labStatus, statusReading } from '../usecases/status.js';
import { action, intOption } from './action.js';
import type { Output } from './output.js';
import { catalog, helpScenario } from './scenario-choice.js';
import { statusLines } from './status-view.js';
import { watchStatus } from './status-watch.js';

interface StatusOptions {
  json?: boolean;
  watch?: boolean;
  interval: number;
}

async function snapshotView(scenario: AnyScenario, baseline: LabBaseline, verdict: { line: string; up: boolean }, output: Output): Promise<void> {
  const { view, spanS } = await statusReading(scenario, baseline);
  for (const line of statusLines(view, output, [`rates over ${spanS.toFixed(1)} s · ${verdict.line}`])) output.line(line);
  output.result({ ...view.record(), ...view.summary, up: verdict.up, note: verdict.line });
}

export function statusCommand(): Command {
  return new Command('status')
    .description("the lab's containers and the signals an on-call engineer would watch, each OK, WARN or PAGE (read-only)")
    .option('--json', 'print JSON: one object, or with --watch one line per interval')
    .option('--watch', 'keep watching: a live screen on a terminal, one JSON line per interval otherwise (Ctrl-C to stop)')
    .option('--interval <seconds>', 'with --watch, seconds between readings', intOption('--interval', 1, 3600), 2)
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab status
  $ async-outage-lab status --watch                 # live view; Ctrl-C leaves it
  $ async-outage-lab status --watch --interval 5 --json | jq -c .signals
  $ async-outage-lab status --json | jq .queueDepth

${helpScenario().texts.statusSignals}
Exit codes: 0 a lab is up (broken or fixed; also after Ctrl-C), 3 no lab (or only a half-built one) or no Docker.`,
    )
    .action(
      action<StatusOptions>(async (options, output) => {
        const lab = await labStatus(catalog);
        if (lab.kind === 'none') {
          for (const line of lab.glance.lines) output.line(line);
          output.line(output.dim(lab.verdict.line));
          output.result({ ...lab.glance.record, up: lab.verdict.up, note: lab.verdict.line });
          return ExitCode.environment;
        }
        const { scenario, baseline, verdict } = lab;
        if (!options.watch) {
          await snapshotView(scenario, baseline, verdict, output);
          return ExitCode.ok;
        }
        const screen = Boolean(process.stdout.isTTY) && !options.json;
        await watchStatus(scenario.status.probe(baseline), output, {
          intervalMs: options.interval * 1000,
          rateWindowMs: scenario.status.rateWindowMs,
          view: scenario.status.view,
          screen,
          header: output.bold(`async-outage-lab status — ${verdict.line}`),
        });
        return ExitCode.ok;
      }),
    );
}
