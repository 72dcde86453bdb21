import { Command } from 'commander';
import { requireDaemon } from '../docker/engine.js';
import { ExitCode } from '../errors.js';
import { askedBySituation, readHintsUsed, recordHintUsed } from '../lab/hint-record.js';
import { statePaths } from '../lab/paths.js';
import { requireLab } from '../lab/lab-absence.js';
import { nextHintLevel, HINT_LEVELS } from '../scenarios/hint-types.js';
import { activeScenario } from '../scenarios/index.js';
import { readSessionLog } from '../shim/session-log.js';
import { action } from './action.js';

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
        const baseline = await requireLab(activeScenario.containers);
        await requireDaemon();
        const used = readHintsUsed(baseline.createdAt);
        const asked = askedBySituation(used);
        const book = activeScenario.hints;
        const facts = await book.facts(baseline, readSessionLog(statePaths().sessionLog), asked);
        const situation = book.situation(facts);
        const aside = book.aside?.(facts, situation);
        const level = nextHintLevel(asked[situation] ?? 0);
        const entry = book.situations[situation]!;
        const text = entry.levels[level - 1]!;
        recordHintUsed(baseline.createdAt, { at: new Date().toISOString(), situation, level });
        output.line(output.bold(`Hint ${level} of ${HINT_LEVELS} (${LEVEL_NAMES[level - 1]}) — ${entry.title}`));
        output.line(`  ${text}`);
        if (aside) output.line(`  ${aside}`);
        if (level < HINT_LEVELS) output.line(output.dim('  (`async-outage-lab hint` again for a more specific one)'));
        output.result({ situation, title: entry.title, level, levels: HINT_LEVELS, text, ...(aside ? { aside } : {}), hintsUsed: used.length + 1 });
        return ExitCode.ok;
      }),
    );
}
