import { Command } from 'commander';
import { statePaths } from '../project/paths.js';
import { ensureShim, pathWithShim } from '../shim/install.js';
import { action, type CommonOptions } from './action.js';
import { Output } from './output.js';

/** Quotes a value for use inside double quotes in a POSIX shell. */
const dq = (value: string) => value.replace(/(["\\$`])/g, '\\$1');

/** The one line `eval "$(async-outage-lab env)"` runs. */
export const exportLine = (shimDir: string) => `export PATH="${dq(shimDir)}:$PATH"`;

export function envCommand(): Command {
  return new Command('env')
    .description('print the shell line that puts the recording docker shim first on PATH (for your own shell)')
    .option('--json', 'print {shimDir, sessionLog, path} as JSON instead')
    .addHelpText(
      'after',
      `
Use it when you would rather stay in your own shell than open \`async-outage-lab shell\`.

Examples:
  $ eval "$(async-outage-lab env)"     # docker commands in this shell are now recorded
  $ async-outage-lab history           # see what was recorded
  $ async-outage-lab env --json        # where the shim and the session log live`,
    )
    .action(
      action<CommonOptions>(async (options, output) => {
        const paths = statePaths();
        const install = ensureShim(paths);
        if (options.json) {
          output.result({ shimDir: install.shimDir, sessionLog: paths.sessionLog, path: pathWithShim(install.shimDir) });
          return 0;
        }
        output.line(exportLine(install.shimDir));
        if (process.stdout.isTTY) {
          // Printed to a terminal rather than captured by $(...): say how it is meant to be used.
          const hint = new Output({ stream: process.stderr });
          hint.line(hint.dim('# to record the docker commands of this shell, run: eval "$(async-outage-lab env)"'));
        }
        return 0;
      }),
    );
}
