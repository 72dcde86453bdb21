import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { requireDaemon } from '../docker/engine.js';
import { detectCompose } from '../docker/compose.js';
import { composeSettings, removeImages, removeLab } from '../lab/lifecycle.js';
import { readBaseline, removeBaseline } from '../lab/state.js';
import { DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from '../lab/scenario.js';
import { action } from './action.js';
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
        withLabLock('down', output, async () => {
          await requireDaemon();
          await detectCompose();
          const read = readBaseline();
          const settings = composeSettings({
            webPort: read.kind === 'ok' ? read.baseline.webPort : DEFAULT_WEB_PORT,
            customerIntervalMs: DEFAULT_CUSTOMER_INTERVAL_MS,
            labToken: '',
          });
          const removed = await output.step('Remove the lab', () => removeLab(settings));
          const images = options.images ? await output.step("Remove the lab's images", () => removeImages()) : [];
          removeBaseline();
          output.line(
            removed.containers + removed.volumes + removed.networks === 0
              ? 'Nothing of the lab was running.'
              : `Removed ${removed.containers} containers, ${removed.volumes} volumes and ${removed.networks} network${removed.networks === 1 ? '' : 's'}.`,
          );
          if (options.images) output.line(images.length ? `Removed images: ${images.join(', ')}.` : 'No lab images were present.');
          output.result({ ok: true, command: 'down', removed, images });
          return ExitCode.ok;
        }),
      ),
    );
}
