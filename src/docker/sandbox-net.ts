import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa, type Options } from 'execa';
import { NO_RECORD_ENV } from '../project/own-env.js';
import { packageRoot } from '../project/paths.js';
import { cliEnv } from './cli.js';
import { innerDockerHost } from './sandbox.js';

export interface SandboxLab {
  /** The sandbox's init process on the host. */
  pid: number;
  /** Host directory holding the inner daemon's socket. */
  socketDir: string;
  /** The learner's state directory, kept on the host where the learner's lab cannot write it. */
  labHome: string;
}

/**
 * Runs the lab's own CLI for one learner: in the sandbox's network namespace (where the stack's
 * ports are published on 127.0.0.1) and against its inner daemon, with the state directory on
 * the host. Only the network namespace is entered: the files and the CLI stay the host's.
 */
export function labInSandbox(lab: SandboxLab, args: string[], options: Options = {}, use: 'lab' | 'learner' = 'lab') {
  const bin = join(packageRoot(), 'bin');
  const own = { DOCKER_HOST: innerDockerHost(lab.socketDir), ASYNC_OUTAGE_LAB_HOME: lab.labHome, ...(options.env as Record<string, string> | undefined) };
  return execa('nsenter', [`--net=/proc/${lab.pid}/ns/net`, '--', process.execPath, join(bin, 'async-outage-lab.js'), ...args], {
    reject: false,
    all: true,
    stdin: 'ignore',
    ...options,
    env: use === 'lab' ? cliEnv(own) : learnerEnv(own, commandDir(lab.labHome, join(bin, 'async-outage-lab.js'))),
  });
}

/** A directory holding `async-outage-lab`, a link to this CLI, for the learner's PATH. */
function commandDir(labHome: string, cli: string): string {
  const dir = join(labHome, 'bin');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'async-outage-lab'))) symlinkSync(cli, join(dir, 'async-outage-lab'));
  return dir;
}

/**
 * A learner's shell records their docker commands (the lab's own calls are kept out of the
 * record), and finds the lab's CLI by name, as after a global install.
 */
function learnerEnv(own: Record<string, string>, bin: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...own, PATH: [bin, process.env.PATH ?? ''].filter(Boolean).join(delimiter) };
  delete env[NO_RECORD_ENV];
  return env;
}
