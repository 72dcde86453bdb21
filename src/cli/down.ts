import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { statePaths } from '../project/paths.js';
import { downLab, removeEmptyStateDir } from '../usecases/down.js';
import { action } from './action.js';
import { withLabLock } from './lab-run.js';
import { catalog, helpScenario } from './scenario-choice.js';

const listed = (names: readonly string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join(''));
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function downCommand(): Command {
  return new Command('down')
    .description('remove everything the lab created: its containers, network, volumes and state directory (--images: its images too)')
    .option('--images', "also remove the lab's images (the next `up` rebuilds them)")
    .option('--keep-history', 'keep your history: the docker commands you ran (session*.jsonl) and the hints you used (hints.json)')
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab down
  $ async-outage-lab down --keep-history   # keep the record of the docker commands and hints you used
  $ async-outage-lab down --images         # the images too: nothing of the lab is left

What goes: the containers ${listed(helpScenario().lab.containers)}, the lab's network and volumes, and what the lab
wrote into its state directory (${statePaths().dir}): the outage's baseline, the recording docker
shim (shim/), the lab shell's startup files (shell/) and your history (session*.jsonl, hints.json).
What stays: the images (unless --images), the history with --keep-history, and any file in that
directory the lab did not write.`,
    )
    .action(
      action<{ images?: boolean; keepHistory?: boolean; json?: boolean }>(async (options, output) => {
        const code = await withLabLock('down', output, async () => {
          const { removed, images, state } = await downLab(catalog, { images: Boolean(options.images), keepHistory: Boolean(options.keepHistory) }, output);
          output.line(
            removed.containers + removed.volumes + removed.networks === 0
              ? 'Nothing of the lab was running.'
              : `Removed ${plural(removed.containers, 'container')}, ${plural(removed.volumes, 'volume')} and ${plural(removed.networks, 'network')}.`,
          );
          if (options.images) output.line(images.length ? `Removed images: ${images.join(', ')}.` : 'No lab images were present.');
          if (state.openShells.length > 0) {
            output.line(
              `A lab shell is still open (pid ${state.openShells.join(', ')}): its recording docker (shim/) and your history stay until you leave it; run \`async-outage-lab down\` again after \`exit\` to remove them.`,
            );
          } else output.line(state.kept.length ? `Kept your history: ${state.kept.join(', ')}.` : `Removed the lab's state (${statePaths().dir}).`);
          output.result({ ok: true, command: 'down', removed, images, state });
          return ExitCode.ok;
        });
        // After the lock is gone: the directory goes too when the lab left nothing else in it.
        removeEmptyStateDir();
        return code;
      }),
    );
}
