/**
 * Commands the lab tells a user to run, written the way this user runs the lab: through npx
 * (npm sets npm_command=exec for `npx`, run-script for `npm run lab`, after which the README says
 * `npx async-outage-lab ...`) or as an installed `async-outage-lab`.
 */
export function launcher(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_command === 'exec' || env.npm_command === 'run-script' ? 'npx async-outage-lab' : 'async-outage-lab';
}

/** Where a command starts in the lab's texts: in backticks, after `$ ` or `$(`, or indented at a line's start. */
const COMMAND = /(`|\$ |\$\(|^[ \t]+)async-outage-lab(?= )/gm;

/** `text` with every command it names written with this user's launcher. */
export function asInvoked(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = launcher(env);
  return name === 'async-outage-lab' ? text : text.replace(COMMAND, `$1${name}`);
}
