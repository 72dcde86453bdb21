import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { inspectLab, requireDaemon } from '../docker/engine.js';
import type { LabBaseline } from '../lab/lab-baseline.js';
import { readBaseline, type BaselineRead } from '../lab/state.js';
import { labAbsence } from '../lab/lab-absence.js';
import { activeScenario } from '../scenarios/index.js';
import { action, intOption } from './action.js';
import type { Output } from './output.js';
import { statusLines } from './status-view.js';
import { watchStatus } from './status-watch.js';

/** What status says under the table, and whether that is a lab (exit 0) or none (exit 3): the advice every command gives. */
function labVerdict(read: BaselineRead, containersFound: number): { line: string; up: boolean } {
  if (read.kind === 'corrupt') return { line: 'state file unusable: `async-outage-lab reset` rebuilds the outage', up: false };
  const absence = labAbsence(read, activeScenario.containers, containersFound);
  if (absence) return { line: `${absence.message} ${absence.hint}`, up: false };
  return { line: `outage began ${(read as Extract<BaselineRead, { kind: 'ok' }>).baseline.createdAt}`, up: true };
}

interface StatusOptions {
  json?: boolean;
  watch?: boolean;
  interval: number;
}

async function snapshotView(baseline: LabBaseline, verdict: { line: string; up: boolean }, output: Output): Promise<void> {
  const status = activeScenario.status;
  const probe = status.probe(baseline);
  try {
    const first = await probe.sample();
    // An interval timer between two readings, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, status.spanMs));
    const last = await probe.sample();
    const view = status.view([first, last]);
    for (const line of statusLines(view, output, [`rates over ${((last.at - first.at) / 1000).toFixed(1)} s · ${verdict.line}`])) output.line(line);
    output.result({ ...view.record(), ...view.summary, up: verdict.up, note: verdict.line });
  } finally {
    probe.close();
  }
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

${activeScenario.texts.statusSignals}
Exit codes: 0 a lab is up (broken or fixed; also after Ctrl-C), 3 no lab (or only a half-built one) or no Docker.`,
    )
    .action(
      action<StatusOptions>(async (options, output) => {
        await requireDaemon();
        const read = readBaseline();
        const names = activeScenario.containers;
        const infos = await inspectLab(names);
        const verdict = labVerdict(read, names.filter((name) => infos[name]).length);
        if (!verdict.up || read.kind !== 'ok') {
          const glance = await activeScenario.status.glance(infos);
          for (const line of glance.lines) output.line(line);
          output.line(output.dim(verdict.line));
          output.result({ ...glance.record, up: verdict.up, note: verdict.line });
          return ExitCode.environment;
        }
        if (!options.watch) {
          await snapshotView(read.baseline, verdict, output);
          return ExitCode.ok;
        }
        const screen = Boolean(process.stdout.isTTY) && !options.json;
        await watchStatus(activeScenario.status.probe(read.baseline), output, {
          intervalMs: options.interval * 1000,
          rateWindowMs: activeScenario.status.rateWindowMs,
          view: activeScenario.status.view,
          screen,
          header: output.bold(`async-outage-lab status — ${verdict.line}`),
        });
        return ExitCode.ok;
      }),
    );
}
