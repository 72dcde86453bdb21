import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { ExitCode, LabError } from '../errors.js';
import { debriefLab } from '../usecases/debrief.js';
import { action } from './action.js';
import { debriefMarkdown, renderDebrief } from './debrief-view.js';
import { catalog } from './scenario-choice.js';

interface DebriefOptions {
  markdown?: string;
  json?: boolean;
}

export function debriefCommand(): Command {
  return new Command('debrief')
    .description('the postmortem of this outage, from evidence: timeline, time to diagnose and recover, rules, and the follow-up questions (read-only)')
    .option('--markdown <file>', 'also write it as a Markdown postmortem to FILE')
    .option('--json', 'print one JSON object (kind async-outage-lab/debrief)')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab debrief
  $ async-outage-lab debrief --markdown postmortem.md     # paste it into your incident tracker
  $ async-outage-lab debrief --json | jq .figures

Runs at any time; until the outage is over it says what is still open.
Exit codes: 0 written (resolved or still open: it says which), 3 no Docker or no lab, 4 FILE cannot be written.`,
    )
    .action(
      action<DebriefOptions>(async (options, output) => {
        const debrief = await debriefLab(catalog);
        if (options.markdown) {
          const file = resolve(options.markdown);
          try {
            writeFileSync(file, debriefMarkdown(debrief));
          } catch (error) {
            throw new LabError(`Cannot write the postmortem to ${file}: ${(error as Error).message}.`, {
              hint: 'Pick a path in a directory you can write.',
              exitCode: ExitCode.failure,
              cause: error,
            });
          }
        }
        renderDebrief(debrief, output);
        if (options.markdown) output.line(`\nWrote the postmortem to ${resolve(options.markdown)}.`);
        output.result({ ...debrief, ...(options.markdown ? { markdownFile: resolve(options.markdown) } : {}) });
        return ExitCode.ok;
      }),
    );
}
