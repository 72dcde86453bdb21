import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { inspectLab, requireDaemon } from '../docker/engine.js';
import { queueDepth } from '../broker/redis.js';
import { withLabRedis } from '../lab/lifecycle.js';
import { readBaseline } from '../lab/state.js';
import { CONTAINERS } from '../lab/scenario.js';
import { action } from './action.js';

export function statusCommand(): Command {
  return new Command('status')
    .description('show the three containers and the queue depth at a glance (read-only)')
    .option('--json', 'print one JSON object')
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
        for (const row of rows) output.line(`${row.name.padEnd(8)} ${row.status}`);
        output.line(`queue    ${depth === undefined ? 'unknown' : `${depth.toLocaleString('en-US')} jobs`}`);
        output.line(output.dim(read.kind === 'ok' ? `outage began ${read.baseline.createdAt}` : read.kind === 'missing' ? 'the lab is not up: `async-outage-lab up`' : 'state file unusable: `async-outage-lab reset`'));
        output.result({ containers: rows, queueDepth: depth ?? null, up: read.kind === 'ok' });
        return ExitCode.ok;
      }),
    );
}
