import { Command } from 'commander';
import { imageExists, requireDaemon } from '../docker/engine.js';
import { buildDebootstrapBase } from '../docker/images.js';
import { ExitCode } from '../errors.js';
import { LOCAL_BASE_IMAGE } from '../project/names.js';
import { action } from './action.js';

export function baseCommand(): Command {
  return new Command('base')
    .description(`build the base image ${LOCAL_BASE_IMAGE} from Debian packages (for machines with no container registry)`)
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
Needs Linux, root and mmdebstrap (or debootstrap); takes under a minute on an idle machine and gives a ~280 MB image. Skipped when the
image already exists. \`up\` does this by itself when no registry answers.

Examples:
  $ sudo async-outage-lab base
  $ docker save ${LOCAL_BASE_IMAGE} -o base.tar     # carry it to an offline workshop
  $ docker load -i base.tar`,
    )
    .action(
      action(async (_options, output) => {
        await requireDaemon();
        const existed = await imageExists(LOCAL_BASE_IMAGE);
        if (existed) output.line(`${LOCAL_BASE_IMAGE} is already here: nothing to do.`);
        else await output.step(`Build ${LOCAL_BASE_IMAGE} from Debian packages`, () => buildDebootstrapBase());
        output.result({ ok: true, image: LOCAL_BASE_IMAGE, built: !existed });
        return ExitCode.ok;
      }),
    );
}
