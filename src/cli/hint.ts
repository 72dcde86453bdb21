import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { HINT_LEVELS } from '../scenario/hints.js';
import { nextHint } from '../usecases/hint.js';
import { action } from './action.js';
import { catalog } from './scenario-choice.js';

const LEVEL_NAMES = ['a nudge', 'where to look', 'the command'] as const;

export function hintCommand(): Command {
  return new Command('hint')
    .description('the next hint for where you are now: a nudge first, the command only on the third ask (read-only, except the record of hints used)')
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab hint            # ask again for a more specific hint in the same situation
  $ async-outage-lab hint --json | jq -r .text

The hint depends on the lab's state and on the docker commands you ran in \`async-outage-lab shell\`.
Each situation has three levels; \`check\` lists the hints you used, and \`up\` or \`reset\` starts afresh.
Exit codes: 0 a hint was given, 3 no lab or no Docker.`,
    )
    .action(
      action(async (_options, output) => {
        const hint = await nextHint(catalog);
        const { level, title, text, aside } = hint;
        output.line(output.bold(`Hint ${level} of ${HINT_LEVELS} (${LEVEL_NAMES[level - 1]}) — ${title}`));
        output.line(`  ${text}`);
        if (aside) output.line(`  ${aside}`);
        if (level < HINT_LEVELS) output.line(output.dim('  (`async-outage-lab hint` again for a more specific one)'));
        output.result({ situation: hint.situation, title, level, levels: hint.levels, text, ...(aside ? { aside } : {}), hintsUsed: hint.hintsUsed });
        return ExitCode.ok;
      }),
    );
}
