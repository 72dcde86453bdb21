import { Command } from 'commander';
import { classroomDownCommand, classroomResetCommand, classroomShellCommand } from './classroom-manage.js';
import { classroomStatusCommand } from './classroom-status.js';
import { classroomUpCommand } from './classroom-up.js';

/** `classroom`: one sandbox with its own Docker daemon per learner on a workshop host. */
export function classroomCommand(configure: (command: Command) => Command): Command {
  const classroom = new Command('classroom')
    .description('a workshop on one Linux host: a sandbox with its own Docker daemon per learner, and a graded table of everyone')
    .addHelpText(
      'after',
      `
Examples:
  $ sudo async-outage-lab classroom up --learners 6
  $ sudo async-outage-lab classroom shell 4            # learner 4's lab shell
  $ sudo async-outage-lab classroom status --serve 8099
  $ sudo async-outage-lab classroom reset 4
  $ sudo async-outage-lab classroom down`,
    );
  for (const command of [classroomUpCommand(), classroomShellCommand(), classroomStatusCommand(), classroomResetCommand(), classroomDownCommand()])
    classroom.addCommand(configure(command));
  return configure(classroom);
}
