import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ExitCode, LabError } from '../errors.js';
import { upSecondsText } from '../project/names.js';
import { baseCommand } from './base.js';
import { checkCommand } from './check.js';
import { classroomCommand } from './classroom.js';
import { debriefCommand } from './debrief.js';
import { demoCommand } from './demo.js';
import { downCommand } from './down.js';
import { envCommand } from './env.js';
import { hintCommand } from './hint.js';
import { historyCommand } from './history.js';
import { asInvoked } from './invocation.js';
import { formatError, Output } from './output.js';
import { resetCommand } from './reset.js';
import { helpScenario } from './scenario-choice.js';
import { scenariosCommand } from './scenarios.js';
import { shellCommand } from './shell.js';
import { statusCommand } from './status.js';
import { upCommand } from './up.js';
import { stderr, stdout } from './writer.js';

// `async-outage-lab reset | head -3`: once the reader has gone, further output is dropped and the
// command carries on to its end (see writer.ts); only the exit code and stderr are left to report.
const out = stdout();
const err = stderr();

const program = new Command('async-outage-lab')
  .description(helpScenario().texts.program)
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeOut: (text) => out.write(asInvoked(text)), writeErr: (text) => err.write(asInvoked(text)) })
  .addHelpText(
    'after',
    `
Typical session:
  $ async-outage-lab up         # build, start and break the lab (${upSecondsText})
  $ async-outage-lab shell      # a shell whose docker commands are recorded
  $ async-outage-lab check      # grade your fix, criterion by criterion
  $ async-outage-lab reset      # put the outage back and try again
  $ async-outage-lab down       # remove everything the lab created

Exit codes: 0 solved or done, 1 not solved yet, 2 usage error, 3 environment problem (no Docker, no lab), 4 the lab failed,
130/143 stopped by Ctrl-C/SIGTERM (a line on stderr says what state the lab was left in).
Environment: NO_COLOR turns colour off; ASYNC_OUTAGE_LAB_HOME moves the state directory.`,
  );

for (const command of [
  upCommand(),
  scenariosCommand(),
  checkCommand(),
  shellCommand(),
  envCommand(),
  historyCommand(),
  statusCommand(),
  hintCommand(),
  debriefCommand(),
  demoCommand(),
  resetCommand(),
  downCommand(),
  baseCommand(),
]) {
  command.exitOverride().configureOutput({ writeOut: (text) => out.write(asInvoked(text)), writeErr: (text) => err.write(asInvoked(text)) });
  program.addCommand(command);
}
program.addCommand(
  classroomCommand((command) =>
    command.exitOverride().configureOutput({ writeOut: (text) => out.write(asInvoked(text)), writeErr: (text) => err.write(asInvoked(text)) }),
  ),
);

// If the event loop empties while a command is still awaiting something, Node would exit 0 in
// silence: make that a loud failure instead.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  finished = true;
  err.write('error: the command stopped before it finished (a wait was left without a timer); this is a bug in async-outage-lab.\n');
  process.exitCode = ExitCode.failure;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; anything else commander rejects is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : ExitCode.usage;
  } else if (error instanceof InvalidArgumentError || error instanceof LabError) {
    err.write(`${formatError(error, new Output({ stream: process.stderr }))}\n`);
    process.exitCode = error instanceof LabError ? error.exitCode : ExitCode.usage;
  } else {
    err.write(`${formatError(error, new Output({ stream: process.stderr }))}\n`);
    process.exitCode = ExitCode.failure;
  }
}
finished = true;
