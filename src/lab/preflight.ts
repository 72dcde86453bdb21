import { createServer } from 'node:net';
import { detectCompose } from '../docker/compose.js';
import { inspectLab, isLabContainer, requireDaemon } from '../docker/engine.js';
import { engineRefusal } from '../docker/engine-support.js';
import { environmentError } from '../errors.js';

/** Checks that touch nothing: daemon (an engine the lab runs on), compose, and that the lab's container names are free or the lab's own. */
export async function preflight(names: readonly string[]) {
  // Compose v1 takes a second to say its version: ask while the daemon is asked, but report the
  // daemon's problem first, as it is the one to fix first (and the names taken, which need a daemon).
  const composeFound = detectCompose();
  composeFound.catch(() => undefined);
  const daemon = await requireDaemon();
  const refusal = engineRefusal(daemon.reply);
  if (refusal) throw environmentError(refusal.message, refusal.hint);
  const infos = await inspectLab(names);
  for (const name of names) {
    const info = infos[name];
    if (info && !isLabContainer(info, names)) {
      throw environmentError(
        `A container named \`${name}\` already exists and is not part of this lab (image ${info.Config.Image}, ${info.State.Status}).`,
        `The lab needs that name. Rename it: \`docker rename ${name} ${name}-mine\`, or remove it: \`docker rm -f ${name}\`. Then run this again.`,
      );
    }
  }
  return { daemon, compose: await composeFound };
}

/** Fails with exit code 3 when something already listens on the lab's port. */
export async function requirePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(
          environmentError(
            `Port 127.0.0.1:${port} is already in use, and the lab needs it.`,
            `Pick another port: \`async-outage-lab up --port ${port === 8080 ? 8081 : port + 1}\`, or stop what listens there (\`lsof -i :${port}\`).`,
          ),
        );
      } else reject(error);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
