import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ExitCode, LabError } from '../errors.js';
import { Output, formatError } from './output.js';
import { upCommand } from './up.js';
import { resetCommand } from './reset.js';
import { downCommand } from './down.js';
import { checkCommand } from './check.js';
import { shellCommand } from './shell.js';
import { envCommand } from './env.js';
import { historyCommand } from './history.js';
import { baseCommand } from './base.js';
import { statusCommand } from './status.js';

// `async-outage-lab history | head -1`: once the reader has gone, nothing more can be shown, so
// stop quietly with the exit code so far instead of dying on an unhandled EPIPE with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? ExitCode.ok);
  });
}

const program = new Command('async-outage-lab')
  .description('A hands-on incident lab on your own Docker host: the site is up, but the Celery worker is dead and the export backlog keeps growing.')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .addHelpText(
    'after',
    `
Typical session:
  $ async-outage-lab up         # build, start and break the lab (about 20 s once images exist)
  $ async-outage-lab shell      # a shell whose docker commands are recorded
  $ async-outage-lab check      # grade your fix, criterion by criterion
  $ async-outage-lab reset      # put the outage back and try again
  $ async-outage-lab down       # remove everything the lab created

Exit codes: 0 solved or done, 1 not solved yet, 2 usage error, 3 environment problem, 4 the lab failed.
Environment: NO_COLOR turns colour off; ASYNC_OUTAGE_LAB_HOME moves the state directory.`,
  );

for (const command of [upCommand(), checkCommand(), shellCommand(), envCommand(), historyCommand(), statusCommand(), resetCommand(), downCommand(), baseCommand()]) {
  command.exitOverride();
  program.addCommand(command);
}

// If the event loop empties while a command is still awaiting something, Node would exit 0 in
// silence: make that a loud failure instead.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  finished = true;
  process.stderr.write('error: the command stopped before it finished (a wait was left without a timer); this is a bug in async-outage-lab.\n');
  process.exitCode = ExitCode.failure;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; anything else commander rejects is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : ExitCode.usage;
  } else if (error instanceof InvalidArgumentError || error instanceof LabError) {
    process.stderr.write(`${formatError(error, new Output({ stream: process.stderr }))}\n`);
    process.exitCode = error instanceof LabError ? error.exitCode : ExitCode.usage;
  } else {
    process.stderr.write(`${formatError(error, new Output({ stream: process.stderr }))}\n`);
    process.exitCode = ExitCode.failure;
  }
}
finished = true;
