import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { listScenarios } from '../usecases/scenarios.js';
import { action, type CommonOptions } from './action.js';
import { catalog } from './scenario-choice.js';

export function scenariosCommand(): Command {
  return new Command('scenarios')
    .description('list the outages the lab can stage, and which one is up (read-only)')
    .option('--json', 'print {scenarios: [...]} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab scenarios
  $ async-outage-lab up <id>                 # stage that outage (one lab per Docker host)
  $ async-outage-lab scenarios --json | jq -r '.scenarios[].id'`,
    )
    .action(
      action<CommonOptions>(async (_options, output) => {
        const rows = listScenarios(catalog);
        const width = Math.max(...rows.map((row) => row.id.length));
        for (const row of rows) {
          const marks = [row.up ? 'up now' : '', row.default ? 'default' : ''].filter(Boolean).join(', ');
          output.line(`${output.bold(row.id.padEnd(width))}  ${row.title} ${output.dim(`(${row.difficulty}${marks ? `; ${marks}` : ''})`)}`);
          output.line(`${' '.repeat(width)}  ${output.dim(row.reported)}`);
        }
        output.result({ scenarios: rows });
        return ExitCode.ok;
      }),
    );
}
