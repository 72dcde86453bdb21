import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { requireDaemon } from '../docker/engine.js';
import { removeImages, removeLab } from '../lab/lifecycle.js';
import { removeBaseline } from '../lab/state.js';
import { action } from './action.js';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
import { withLabLock } from './lab-run.js';

export function downCommand(): Command {
  return new Command('down')
    .description("remove the lab's containers, network and volumes, and its state file (nothing else)")
    .option('--images', "also remove the lab's images (the next `up` rebuilds them)")
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab down
  $ async-outage-lab down --images    # leave nothing behind at all`,
    )
    .action(
      action<{ images?: boolean; json?: boolean }>(async (options, output) =>
        withLabLock('down', async () => {
          await requireDaemon();
          const removed = await output.step('Remove the lab', () => removeLab());
          const images = options.images ? await output.step("Remove the lab's images", () => removeImages()) : [];
          removeBaseline();
          output.line(
            removed.containers + removed.volumes + removed.networks === 0
              ? 'Nothing of the lab was running.'
              : `Removed ${plural(removed.containers, 'container')}, ${plural(removed.volumes, 'volume')} and ${plural(removed.networks, 'network')}.`,
          );
          if (options.images) output.line(images.length ? `Removed images: ${images.join(', ')}.` : 'No lab images were present.');
          output.result({ ok: true, command: 'down', removed, images });
          return ExitCode.ok;
        }),
      ),
    );
}
