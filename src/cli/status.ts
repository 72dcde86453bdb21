import { Command } from 'commander';
import { evaluateSignals } from '../scenarios/worker-oom/status/signals.js';
import { ExitCode } from '../errors.js';
import { inspectLab, requireDaemon } from '../docker/engine.js';
import { queueDepth } from '../scenarios/worker-oom/broker/redis.js';
import { withLabRedis } from '../scenarios/worker-oom/observe/lab-redis.js';
import { readBaseline, type BaselineRead } from '../lab/state.js';
import { CONTAINERS } from '../scenarios/worker-oom/figures.js';
import { LiveProbe } from '../scenarios/worker-oom/observe/live-probe.js';
import { activeScenario } from '../scenarios/index.js';
import { action, intOption } from './action.js';
import type { Output } from './output.js';
import { statusLines, statusRecord } from './status-view.js';
import { watchStatus } from './status-watch.js';

/** What status says under the table, and whether that is a lab (exit 0) or none (exit 3). */
function labVerdict(read: BaselineRead, containersFound: number): { line: string; up: boolean } {
  if (read.kind === 'corrupt') return { line: 'state file unusable: `async-outage-lab reset` rebuilds the outage', up: false };
  if (read.kind === 'missing') {
    return containersFound > 0
      ? { line: 'no outage recorded, but lab containers are here (an `up` or `reset` stopped half-way?): `async-outage-lab reset` puts it back', up: false }
      : { line: 'the lab is not up: `async-outage-lab up`', up: false };
  }
  if (containersFound === 0) return { line: `outage began ${read.baseline.createdAt}, but none of its containers is left: \`async-outage-lab reset\``, up: false };
  return { line: `outage began ${read.baseline.createdAt}`, up: true };
}

/**
 * A single `status` listens this long for worker heartbeats after its first reading (Celery beats
 * every 2 s) and then takes its second, so the rates have two points.
 */
const SNAPSHOT_SPAN_MS = 2200;

interface StatusOptions {
  json?: boolean;
  watch?: boolean;
  interval: number;
}

async function snapshotView(webPort: number, verdict: { line: string; up: boolean }, output: Output): Promise<void> {
  const probe = new LiveProbe(webPort);
  try {
    const first = await probe.sample();
    // An interval timer between two readings, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_SPAN_MS));
    const last = await probe.sample();
    const signals = evaluateSignals([first, last], activeScenario.signals)!;
    for (const line of statusLines(signals, output, [`rates over ${((last.at - first.at) / 1000).toFixed(1)} s · ${verdict.line}`])) output.line(line);
    const rows = CONTAINERS.map((name) => {
      const view = last.containers[name];
      return { name, status: view.exists ? `${view.status}${view.running ? '' : ` (${view.exitCode})`}` : 'absent' };
    });
    const depth = last.broker.reachable ? (last.broker.queueDepth ?? null) : null;
    output.result({ ...statusRecord(signals, last), containers: rows, containerSignals: statusRecord(signals, last).containers, queueDepth: depth, up: verdict.up, note: verdict.line });
  } finally {
    probe.close();
  }
}

export function statusCommand(): Command {
  return new Command('status')
    .description('the three containers and the signals an on-call engineer would watch, each OK, WARN or PAGE (read-only)')
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

Signals: queue depth and change, live consumers (Celery worker heartbeats), the oldest waiting job's
age, jobs parked in unacked, exports finished and web 202s per minute, and a drain ETA.
Each reading costs one round trip to Docker, one to Redis and one to the web.
Exit codes: 0 a lab is up (broken or fixed; also after Ctrl-C), 3 no lab (or only a half-built one) or no Docker.`,
    )
    .action(
      action<StatusOptions>(async (options, output) => {
        await requireDaemon();
        const read = readBaseline();
        const infos = await inspectLab();
        const verdict = labVerdict(read, CONTAINERS.filter((name) => infos[name]).length);
        if (!verdict.up || read.kind !== 'ok') {
          const depth = infos.redis?.State.Running ? await withLabRedis(queueDepth).catch(() => undefined) : undefined;
          const rows = CONTAINERS.map((name) => {
            const info = infos[name];
            return { name, status: info ? `${info.State.Status}${info.State.Running ? '' : ` (${info.State.ExitCode})`}` : 'absent' };
          });
          for (const row of rows) output.line(`${row.name.padEnd(8)} ${row.status}`);
          output.line(`queue    ${depth === undefined ? 'unknown' : `${depth.toLocaleString('en-US')} jobs`}`);
          output.line(output.dim(verdict.line));
          output.result({ containers: rows, queueDepth: depth ?? null, up: verdict.up, note: verdict.line });
          return ExitCode.environment;
        }
        if (!options.watch) {
          await snapshotView(read.baseline.webPort, verdict, output);
          return ExitCode.ok;
        }
        const screen = Boolean(process.stdout.isTTY) && !options.json;
        await watchStatus(new LiveProbe(read.baseline.webPort), output, {
          intervalMs: options.interval * 1000,
          thresholds: activeScenario.signals,
          screen,
          header: output.bold(`async-outage-lab status — ${verdict.line}`),
        });
        return ExitCode.ok;
      }),
    );
}
