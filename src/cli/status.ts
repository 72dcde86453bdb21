import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { inspectLab, requireDaemon } from '../docker/engine.js';
import { queueDepth } from '../broker/redis.js';
import { withLabRedis } from '../lab/lifecycle.js';
import { readBaseline, type BaselineRead } from '../lab/state.js';
import { CONTAINERS } from '../lab/scenario.js';
import { action } from './action.js';

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

export function statusCommand(): Command {
  return new Command('status')
    .description('show the three containers and the queue depth at a glance (read-only)')
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab status
  $ async-outage-lab status --json | jq .queueDepth

Exit codes: 0 a lab is up (broken or fixed), 3 no lab (or only a half-built one) or no Docker.`,
    )
    .action(
      action(async (_options, output) => {
        await requireDaemon();
        const read = readBaseline();
        const infos = await inspectLab();
        const depth = infos.redis?.State.Running ? await withLabRedis(queueDepth).catch(() => undefined) : undefined;
        const rows = CONTAINERS.map((name) => {
          const info = infos[name];
          return { name, status: info ? `${info.State.Status}${info.State.Running ? '' : ` (${info.State.ExitCode})`}` : 'absent' };
        });
        const verdict = labVerdict(read, CONTAINERS.filter((name) => infos[name]).length);
        for (const row of rows) output.line(`${row.name.padEnd(8)} ${row.status}`);
        output.line(`queue    ${depth === undefined ? 'unknown' : `${depth.toLocaleString('en-US')} jobs`}`);
        output.line(output.dim(verdict.line));
        output.result({ containers: rows, queueDepth: depth ?? null, up: verdict.up, note: verdict.line });
        return verdict.up ? ExitCode.ok : ExitCode.environment;
      }),
    );
}
