/**
 * Commands the lab tells a user to run, written the way this user runs the lab: through npm
 * (`npx` sets npm_command=exec; `npm run lab` sets run in npm 11, run-script before it, and the
 * package's bin is then on no PATH but npx's) or as an installed `async-outage-lab`.
 */
const VIA_NPM = new Set(['exec', 'run', 'run-script']);

export function launcher(env: NodeJS.ProcessEnv = process.env): string {
  return VIA_NPM.has(env.npm_command ?? '') ? 'npx async-outage-lab' : 'async-outage-lab';
}

/** The lab's commands: the name followed by one of them is a command, anything else is prose. */
export const SUBCOMMANDS = [
  'up',
  'reset',
  'down',
  'check',
  'shell',
  'env',
  'history',
  'status',
  'hint',
  'debrief',
  'demo',
  'base',
  'classroom',
  '--help',
  '--version',
] as const;

/**
 * Where a command starts in the lab's texts: at a line's start, after a space, a backtick, `$(`
 * or a colour code (a command printed in bold), unless npx already leads it.
 */
const COMMAND = new RegExp(`(^|[\\s\`(]|\\x1b\\[[0-9;]*m)(?<!npx )async-outage-lab(?= (?:${SUBCOMMANDS.join('|')})(?![\\w-]))`, 'gm');

/** `text` with every command it names written with this user's launcher. */
export function asInvoked(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = launcher(env);
  return name === 'async-outage-lab' ? text : text.replace(COMMAND, `$1${name}`);
}
