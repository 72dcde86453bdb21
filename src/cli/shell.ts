import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { Command } from 'commander';
import { environmentError, usageError } from '../errors.js';
import { registerOpenShell } from '../lab/open-shells.js';
import { ensureStateDir, writeStateFile } from '../lab/state-dir.js';
import { statePaths } from '../project/paths.js';
import { isExecutableFile } from '../shim/find.js';
import { ensureShim, pathWithShim, shSingleQuote } from '../shim/install.js';
import { countShellEntries, SHELL_ID_ENV } from '../shim/session-log.js';
import { action, type CommonOptions } from './action.js';
import { helpScenario } from './scenario-choice.js';

/** Set in the lab shell's environment: `shell` refuses to nest, and scripts can tell where they are. */
export const SHELL_MARKER_ENV = 'ASYNC_OUTAGE_LAB_SHELL';
/** What the prompt starts with inside the lab shell. */
export const PROMPT_MARKER = '(outage-lab)';

export type ShellKind = 'bash' | 'zsh' | 'fish' | 'other';

export function shellKind(shell: string): ShellKind {
  const name = basename(shell)
    .replace(/\.exe$/i, '')
    .replace(/^-/, '');
  if (name === 'bash' || name === 'rbash') return 'bash';
  if (name === 'zsh') return 'zsh';
  if (name === 'fish') return 'fish';
  return 'other';
}

/** The learner's shell: $SHELL when it can be run, else /bin/sh. */
export function pickShell(env: NodeJS.ProcessEnv = process.env): string {
  const wanted = env.SHELL;
  if (wanted && isAbsolute(wanted) && isExecutableFile(wanted)) return wanted;
  if (isExecutableFile('/bin/sh')) return '/bin/sh';
  throw environmentError(
    `no shell to open: $SHELL is ${wanted ? `"${wanted}", which cannot be run` : 'not set'} and there is no /bin/sh`,
    'set SHELL to your shell\'s full path, or use `eval "$(async-outage-lab env)"` in a shell you already have',
  );
}

/** Quotes a value for fish. */
const fq = (value: string) => `'${value.replace(/[\\']/g, '\\$&')}'`;

export function bashRc(shimDir: string, color: boolean): string {
  const marker = color ? `\\[\\e[33m\\]${PROMPT_MARKER}\\[\\e[0m\\] ` : `${PROMPT_MARKER} `;
  return `# async-outage-lab: startup file of \`async-outage-lab shell\` (bash). Generated each time; safe to delete.
# Your own startup files first, so the shell is the one you know...
if [ -r /etc/bash.bashrc ]; then . /etc/bash.bashrc; fi
if [ -r "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi
# ...then the recording shim goes first on PATH (again, should those files have moved it) and the prompt gets its marker.
__aol_shim_dir=${shSingleQuote(shimDir)}
__aol_marker=${shSingleQuote(marker)}
__aol_prompt() {
  local status=$?
  case "$PATH" in "$__aol_shim_dir":*) ;; *) PATH="$__aol_shim_dir:$PATH"; export PATH; hash -r ;; esac
  case "$PS1" in *${shSingleQuote(PROMPT_MARKER)}*) ;; *) PS1="$__aol_marker$PS1" ;; esac
  return $status
}
PATH="$__aol_shim_dir:$PATH"; export PATH; hash -r
__aol_prompt
PROMPT_COMMAND="\${PROMPT_COMMAND:+$PROMPT_COMMAND
}__aol_prompt"
`;
}

export function zshEnv(): string {
  return `# async-outage-lab: startup file of \`async-outage-lab shell\` (zsh). Generated each time; safe to delete.
__aol_zdotdir="$ZDOTDIR"
ZDOTDIR="\${AOL_USER_ZDOTDIR:-$HOME}"
if [[ -r "$ZDOTDIR/.zshenv" ]]; then builtin source "$ZDOTDIR/.zshenv"; fi
__aol_user_zdotdir="$ZDOTDIR"
ZDOTDIR="$__aol_zdotdir"
`;
}

export function zshRc(shimDir: string, color: boolean): string {
  const marker = color ? `%F{yellow}${PROMPT_MARKER}%f ` : `${PROMPT_MARKER} `;
  return `# async-outage-lab: startup file of \`async-outage-lab shell\` (zsh). Generated each time; safe to delete.
# Hand ZDOTDIR back and read your own .zshrc, so the shell is the one you know...
if [[ "$__aol_user_zdotdir" == "$HOME" && -z "$AOL_USER_ZDOTDIR" ]]; then unset ZDOTDIR; else export ZDOTDIR="$__aol_user_zdotdir"; fi
unset AOL_USER_ZDOTDIR __aol_zdotdir
if [[ -r "\${ZDOTDIR:-$HOME}/.zshrc" ]]; then builtin source "\${ZDOTDIR:-$HOME}/.zshrc"; fi
# ...then the recording shim goes first on PATH (again, should your files have moved it) and the prompt gets its marker.
typeset -g __aol_shim_dir=${shSingleQuote(shimDir)}
typeset -g __aol_marker=${shSingleQuote(marker)}
__aol_precmd() {
  [[ "$PATH" == "$__aol_shim_dir":* ]] || { PATH="$__aol_shim_dir:$PATH"; export PATH; rehash; }
  [[ "$PROMPT" == *${shSingleQuote(PROMPT_MARKER)}* ]] || PROMPT="$__aol_marker$PROMPT"
}
PATH="$__aol_shim_dir:$PATH"; export PATH; rehash
__aol_precmd
typeset -ga precmd_functions
precmd_functions+=(__aol_precmd)
`;
}

export function fishInit(shimDir: string, color: boolean): string {
  const marker = color ? `(set_color yellow)${fq(PROMPT_MARKER)}(set_color normal)' '` : fq(`${PROMPT_MARKER} `);
  return `set -gx PATH ${fq(shimDir)} $PATH
function __aol_return; return $argv[1]; end
if functions -q fish_prompt
  functions -c fish_prompt __aol_user_prompt
  function fish_prompt
    set -l last $status
    printf '%s' ${marker}
    __aol_return $last
    __aol_user_prompt
  end
end`;
}

export interface ShellLaunch {
  shell: string;
  kind: ShellKind;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface PrepareShellOptions {
  shell: string;
  shimDir: string;
  /** Where the generated startup files go. */
  rcDir: string;
  env?: NodeJS.ProcessEnv;
  /** Run this one command non-interactively instead of opening a prompt. */
  command?: string;
  color?: boolean;
}

/**
 * How to start the lab shell: the learner's own shell with the shim first on PATH, the marker
 * variable set and, for an interactive one, startup files that keep the user's own and add the
 * prompt marker. Writes those startup files.
 */
export function prepareShell(options: PrepareShellOptions): ShellLaunch {
  const base = options.env ?? process.env;
  const kind = shellKind(options.shell);
  const color = options.color ?? false;
  const env: NodeJS.ProcessEnv = { ...base, PATH: pathWithShim(options.shimDir, base.PATH), [SHELL_MARKER_ENV]: '1' };
  if (options.command !== undefined) return { shell: options.shell, kind, args: ['-c', options.command], env };

  ensureStateDir(options.rcDir);
  switch (kind) {
    case 'bash': {
      const rcfile = join(options.rcDir, 'bashrc');
      writeStateFile(rcfile, bashRc(options.shimDir, color));
      return { shell: options.shell, kind, args: ['--rcfile', rcfile], env };
    }
    case 'zsh': {
      const zdotdir = join(options.rcDir, 'zsh');
      writeStateFile(join(zdotdir, '.zshenv'), zshEnv());
      writeStateFile(join(zdotdir, '.zshrc'), zshRc(options.shimDir, color));
      const zshEnvVars: NodeJS.ProcessEnv = { ...env, ZDOTDIR: zdotdir };
      if (base.ZDOTDIR) zshEnvVars.AOL_USER_ZDOTDIR = base.ZDOTDIR;
      else delete zshEnvVars.AOL_USER_ZDOTDIR;
      return { shell: options.shell, kind, args: [], env: zshEnvVars };
    }
    case 'fish':
      return { shell: options.shell, kind, args: ['--init-command', fishInit(options.shimDir, color)], env };
    default:
      // sh, dash, ksh...: they take their first prompt from PS1 in the environment.
      return { shell: options.shell, kind, args: [], env: { ...env, PS1: `${PROMPT_MARKER} ${base.PS1 ?? '$ '}` } };
  }
}

/**
 * Runs the shell in the foreground and resolves with its exit code (128 + signal number when a
 * signal ended it, as a shell reports it). Ctrl-C and Ctrl-\ belong to the shell and what it
 * runs, so this process ignores them; a TERM or HUP sent to this process is passed on.
 */
export function runShell(launch: ShellLaunch): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(launch.shell, launch.args, { stdio: 'inherit', env: launch.env });
    const ignore = () => {};
    const forward = (signal: NodeJS.Signals) => () => {
      try {
        child.kill(signal);
      } catch {
        // It has already gone.
      }
    };
    const handlers: Array<[NodeJS.Signals, () => void]> = [
      ['SIGINT', ignore],
      ['SIGQUIT', ignore],
      ['SIGTERM', forward('SIGTERM')],
      ['SIGHUP', forward('SIGHUP')],
    ];
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.on('error', (error) => {
      cleanup();
      reject(environmentError(`could not start ${launch.shell}: ${error.message}`, 'set SHELL to the full path of a shell you have, e.g. /bin/bash'));
    });
    child.on('exit', (code, signal) => {
      cleanup();
      resolvePromise(signal ? 128 + (osConstants.signals[signal] ?? 0) : (code ?? 0));
    });
  });
}

interface ShellOptions extends CommonOptions {
  command?: string;
}

export function shellCommand(): Command {
  return new Command('shell')
    .description('open your shell with docker commands recorded, to investigate and fix the outage')
    .option('-c, --command <cmd>', 'run one command in that shell instead of opening a prompt, and exit with its code')
    .addHelpText(
      'after',
      `
The shell is your own ($SHELL, else /bin/sh) with a recording docker first on PATH; the prompt starts
with ${PROMPT_MARKER}. Leave it with \`exit\` (or Ctrl-D). The docker commands you ran there show up in
\`async-outage-lab history\`, and \`async-outage-lab check\` lists them beside its verdict.

Examples:
  $ async-outage-lab shell
  $ async-outage-lab shell -c "docker ps -a"
  $ async-outage-lab shell -c "${helpScenario().texts.shellExample}"`,
    )
    .action(
      action<ShellOptions>(async (options, output) => {
        if (process.env[SHELL_MARKER_ENV] === '1') {
          throw usageError(
            'you are already inside a lab shell: the docker commands you run here are being recorded',
            'keep working where you are, or type `exit` to leave this one first',
          );
        }
        const paths = statePaths();
        const install = ensureShim(paths);
        const shell = pickShell();
        const rcDir = join(paths.dir, 'shell');
        // The shim tags each command with this shell's id: the count on exit is its own, whatever
        // `reset` set aside or `down` kept meanwhile.
        const shellId = `${process.pid}-${Date.now().toString(36)}`;
        const launch = prepareShell({
          shell,
          shimDir: install.shimDir,
          rcDir,
          env: { ...process.env, [SHELL_ID_ENV]: shellId },
          command: options.command,
          color: output.color.level > 0,
        });
        if (options.command !== undefined) return runShell(launch);

        output.line(
          output.ok(`Lab shell (${basename(shell)}): every docker command you run here is recorded; the prompt starts with ${output.bold(PROMPT_MARKER)}.`),
        );
        output.line(output.dim(`  Leave with \`exit\` or Ctrl-D, then run \`async-outage-lab check\` to grade your fix.`));
        // Open while it runs: `down` then keeps the shim its PATH names and the record of what it ran.
        const closeRecord = registerOpenShell(rcDir, shellId);
        let code: number;
        try {
          code = await runShell(launch);
        } finally {
          closeRecord();
        }
        const recorded = countShellEntries(paths, shellId);
        output.line(
          output.dim(`Left the lab shell; ${recorded} docker command${recorded === 1 ? '' : 's'} recorded there (\`async-outage-lab history\` lists them).`),
        );
        return code;
      }),
    );
}
