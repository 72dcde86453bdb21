/**
 * `async-outage-lab shell` and `async-outage-lab env`, run as a real CLI: the three commands are
 * bundled with the shim into a temporary package (dist/ beside each other, as when installed), a
 * fake docker stands in for the real one. No Docker daemon is needed.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareShell, shellKind } from '../../src/cli/shell.js';
import { statePaths } from '../../src/project/paths.js';
import { ensureShim, shSingleQuote } from '../../src/shim/install.js';
import { readSessionLog } from '../../src/shim/session-log.js';
import { setupRequired } from './test-setup-stamp.js';

const repo = join(import.meta.dirname, '..', '..');
const FAKE_DOCKER = `#!/bin/sh
for arg in "$@"; do printf '<%s>\\n' "$arg"; done
exit "\${FAKE_EXIT:-0}"
`;
const ENTRY = `
import { Command } from 'commander';
import { shellCommand } from ${JSON.stringify(join(repo, 'src/cli/shell.ts'))};
import { envCommand } from ${JSON.stringify(join(repo, 'src/cli/env.ts'))};
import { historyCommand } from ${JSON.stringify(join(repo, 'src/cli/history.ts'))};
import { removeLabState } from ${JSON.stringify(join(repo, 'src/lab/state.ts'))};
const program = new Command('async-outage-lab').exitOverride();
for (const command of [shellCommand(), envCommand(), historyCommand()]) program.addCommand(command.exitOverride());
// What \`down\` does to the state directory once the containers are gone (down itself needs Docker).
program.addCommand(new Command('down-state').action(() => console.log(JSON.stringify(removeLabState({ keepHistory: false })))));
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = error.exitCode === 0 ? 0 : 2;
}
`;

let root: string;
let cli: string;
let fakeBin: string;
const systemPath = ['/usr/bin', '/bin'].join(delimiter);
const hasBash = existsSync('/bin/bash');
const zsh = ['/bin/zsh', '/usr/bin/zsh'].find((path) => existsSync(path));
const fish = ['/usr/bin/fish', '/usr/local/bin/fish', '/bin/fish'].find((path) => existsSync(path));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aol-shell-'));
  const dist = join(root, 'pkg', 'dist');
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning' } as const;
  writeFileSync(join(root, 'entry.ts'), ENTRY);
  mkdirSync(join(root, 'pkg'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(root, 'pkg', 'node_modules'));
  await Promise.all([
    build({ ...common, entryPoints: [join(repo, 'src/shim/main.ts')], outfile: join(dist, 'shim.js') }),
    // Fully bundled, with its own paths.ts copy: packageRoot() is then root/pkg, whose dist has shim.js.
    build({
      ...common,
      entryPoints: [join(root, 'entry.ts')],
      outfile: join(dist, 'cli.js'),
      nodePaths: [join(repo, 'node_modules')],
      // Packages stay external (dockerode carries native addons) and resolve through a link.
      packages: 'external',
      // commander is CommonJS: give the ESM bundle a require() for its node: imports.
      banner: { js: "import { createRequire as __aolCreateRequire } from 'node:module'; const require = __aolCreateRequire(import.meta.url);" },
    }),
  ]);
  cli = join(dist, 'cli.js');
  fakeBin = join(root, 'fake bin');
  mkdirSync(fakeBin, { recursive: true });
  writeFileSync(join(fakeBin, 'docker'), FAKE_DOCKER, { mode: 0o755 });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function lab() {
  const home = join(root, `state ${counter++}`);
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    HOME: root,
    PATH: [fakeBin, systemPath].join(delimiter),
    SHELL: '/bin/sh',
    NO_COLOR: '1',
    ASYNC_OUTAGE_LAB_HOME: home,
    ...extra,
  });
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}, input = ''): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [cli, ...args], { env: env(extra), encoding: 'utf8', input, timeout: 100_000 });
  return { home, paths: statePaths(home), env, run };
}

// Each test spawns the CLI several times: on a loaded 2-core machine that passes vitest's 5 s default.
describe('async-outage-lab shell -c', { timeout: 120_000 }, () => {
  const shells = ['/bin/sh', ...(hasBash ? ['/bin/bash'] : []), ...(zsh ? [zsh] : [])];

  it.each(shells)('runs one command in %s with the shim first on PATH and records it', (shell) => {
    const l = lab();
    const result = l.run(
      ['shell', '-c', 'docker update --memory 512m --memory-swap 512m worker && docker start worker; echo "marker=$ASYNC_OUTAGE_LAB_SHELL"'],
      { SHELL: shell },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('<update>\n<--memory>\n<512m>\n<--memory-swap>\n<512m>\n<worker>\n<start>\n<worker>\nmarker=1\n');
    expect(readSessionLog(l.paths.sessionLog).map((entry) => entry.argv)).toEqual([
      ['update', '--memory', '512m', '--memory-swap', '512m', 'worker'],
      ['start', 'worker'],
    ]);
  });

  it("exits with the command's exit code", () => {
    const l = lab();
    expect(l.run(['shell', '-c', 'exit 5']).status).toBe(5);
    expect(l.run(['shell', '-c', 'docker start worker'], { FAKE_EXIT: '3' }).status).toBe(3);
    expect(l.run(['shell', '-c', 'kill -TERM $$']).status).toBe(143);
  });

  it('falls back to /bin/sh when $SHELL is unset or cannot be run', () => {
    const l = lab();
    const unset = l.run(['shell', '-c', 'docker ps'], { SHELL: undefined });
    expect(unset).toMatchObject({ status: 0, stdout: '<ps>\n' });
    const missing = l.run(['shell', '-c', 'docker ps'], { SHELL: '/nonexistent/shell' });
    expect(missing).toMatchObject({ status: 0, stdout: '<ps>\n' });
  });

  it('refuses to open a lab shell inside a lab shell', () => {
    const l = lab();
    const result = l.run(['shell', '-c', 'docker ps'], { ASYNC_OUTAGE_LAB_SHELL: '1' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/already inside a lab shell/);
    expect(result.stderr).toMatch(/hint: .*exit/);
  });

  it('shows examples in --help', () => {
    const result = lab().run(['shell', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('-c, --command <cmd>');
    expect(result.stdout).toContain('$ async-outage-lab shell -c "docker ps -a"');
  });
});

describe('async-outage-lab shell (a session)', { timeout: 120_000 }, () => {
  it('prints a banner, runs the shell, reports what was recorded and exits with its code', () => {
    const l = lab();
    // stdin is a pipe, so the shell reads these commands as a script: the same path as a prompt.
    const result = l.run(['shell'], {}, 'docker ps -a\ndocker logs worker\nexit 4\n');
    expect(result.status).toBe(4);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^✔ Lab shell \(sh\): every docker command you run here is recorded/);
    expect(lines[1]).toMatch(/Leave with `exit`/);
    expect(result.stdout).toContain('<ps>\n<-a>\n<logs>\n<worker>\n');
    expect(lines.at(-2)).toBe('Left the lab shell; 2 docker commands recorded there (`async-outage-lab history` lists them).');
    const history = l.run(['history']);
    expect(history.stdout).toContain('docker logs worker');
  });

  it('survives `down` run from inside it: docker still runs recorded, and the count on exit is true', () => {
    const l = lab();
    const node = shSingleQuote(process.execPath);
    const script = ['docker ps', 'docker ps', `${node} ${shSingleQuote(cli)} down-state`, 'docker ps; echo "rc=$?"', 'exit', ''].join('\n');
    const result = l.run(['shell'], {}, script);
    expect(result.stderr).not.toMatch(/No such file|not found/);
    expect(result.stdout).toContain('<ps>\nrc=0\n');
    const down = JSON.parse(result.stdout.split('\n').find((line) => line.startsWith('{'))!) as { openShells: number[]; removed: string[] };
    expect(down.openShells).toHaveLength(1);
    expect(down.removed.map((path) => path.split('/').at(-1))).not.toContain('shim');
    expect(result.stdout.split('\n').at(-2)).toBe('Left the lab shell; 3 docker commands recorded there (`async-outage-lab history` lists them).');
    // Once the shell has gone, `down` takes what it kept.
    const after = JSON.parse(l.run(['down-state']).stdout) as { openShells: number[]; removed: string[] };
    expect(after.openShells).toEqual([]);
    expect(after.removed.map((path) => path.split('/').at(-1))).toEqual(expect.arrayContaining(['session.jsonl', 'shell', 'shim']));
  });

  it.skipIf(!hasBash && !setupRequired())('bash: keeps ~/.bashrc, puts the shim first after it, and marks the prompt', () => {
    const l = lab();
    const home = join(root, `home ${counter++}`);
    mkdirSync(join(home, 'bin'), { recursive: true });
    // A docker of the user's own that their rc file puts first on PATH: the shim must still come first.
    writeFileSync(join(home, 'bin', 'docker'), '#!/bin/sh\necho "own docker $*"\n', { mode: 0o755 });
    // A .bashrc that sets its own prompt, a PROMPT_COMMAND theme that rewrites it, and a PATH reorder.
    writeFileSync(join(home, '.bashrc'), `PS1='me\\$ '\nPATH="$HOME/bin:$PATH"\nMY_RC=loaded\n__theme() { PS1='themed\\$ '; }\nPROMPT_COMMAND=__theme\n`);
    const install = ensureShim(l.paths, { env: { PATH: fakeBin }, shimJs: join(cli, '..', 'shim.js') });
    const launch = prepareShell({ shell: '/bin/bash', shimDir: install.shimDir, rcDir: join(l.home, 'shell'), env: l.env({ HOME: home }) });
    expect(launch.args.slice(0, 2)).toEqual(['--rcfile', join(l.home, 'shell', 'bashrc')]);
    const result = spawnSync('/bin/bash', [...launch.args, '-i'], {
      env: launch.env,
      encoding: 'utf8',
      input: 'echo "rc=$MY_RC"\necho "ps1=$PS1"\ncommand -v docker\ndocker ps\necho "ps1=$PS1"\nexit 3\n',
    });
    expect(result.status).toBe(3);
    const out = result.stdout.split('\n');
    expect(out[0]).toBe('rc=loaded');
    expect(out[1]).toBe('ps1=(outage-lab) themed\\$ ');
    expect(out[2]).toBe(join(install.shimDir, 'docker'));
    expect(out[3]).toBe('own docker ps');
    expect(out[4]).toBe('ps1=(outage-lab) themed\\$ ');
    expect(readSessionLog(l.paths.sessionLog).map((entry) => entry.argv)).toEqual([['ps']]);
  });

  it.skipIf(!zsh && !setupRequired())('zsh: keeps ~/.zshrc, puts the shim first after it, and marks the prompt', () => {
    const l = lab();
    const home = join(root, `home ${counter++}`);
    mkdirSync(join(home, 'bin'), { recursive: true });
    writeFileSync(join(home, 'bin', 'docker'), '#!/bin/sh\necho "own docker $*"\n', { mode: 0o755 });
    writeFileSync(join(home, '.zshenv'), 'MY_ZSHENV=loaded\n');
    writeFileSync(join(home, '.zshrc'), `PROMPT='me%# '\npath=($HOME/bin $path)\nMY_RC=loaded\n`);
    const install = ensureShim(l.paths, { env: { PATH: fakeBin }, shimJs: join(cli, '..', 'shim.js') });
    const launch = prepareShell({ shell: zsh!, shimDir: install.shimDir, rcDir: join(l.home, 'shell'), env: l.env({ HOME: home }) });
    const result = spawnSync(zsh!, [...launch.args, '-i'], {
      env: launch.env,
      encoding: 'utf8',
      input: 'echo "rc=$MY_RC env=$MY_ZSHENV zdotdir=${ZDOTDIR-unset}"\necho "prompt=$PROMPT"\nwhence -p docker\ndocker ps\nexit 3\n',
    });
    expect(result.status).toBe(3);
    const out = result.stdout.split('\n');
    expect(out[0]).toBe('rc=loaded env=loaded zdotdir=unset');
    expect(out[1]).toBe('prompt=(outage-lab) me%# ');
    expect(out[2]).toBe(join(install.shimDir, 'docker'));
    expect(out[3]).toBe('own docker ps');
    expect(readSessionLog(l.paths.sessionLog).map((entry) => entry.argv)).toEqual([['ps']]);
  });

  it.skipIf(!fish && !setupRequired())('fish: the shim first on PATH after config.fish, the marker before the prompt, $status kept', () => {
    const l = lab();
    const home = join(root, `home ${counter++}`);
    mkdirSync(join(home, '.config', 'fish'), { recursive: true });
    writeFileSync(join(home, '.config', 'fish', 'config.fish'), 'function fish_prompt; echo -n "me[$status]> "; end\nset -gx MY_RC loaded\n');
    const install = ensureShim(l.paths, { env: { PATH: fakeBin }, shimJs: join(cli, '..', 'shim.js') });
    const launch = prepareShell({
      shell: fish!,
      shimDir: install.shimDir,
      rcDir: join(l.home, 'shell'),
      env: l.env({ HOME: home, XDG_CONFIG_HOME: undefined }),
    });
    const result = spawnSync(fish!, [...launch.args, '-c', 'echo "rc=$MY_RC"; false; fish_prompt; echo; command -v docker; docker ps'], {
      env: launch.env,
      encoding: 'utf8',
    });
    expect(result.stdout.split('\n')).toEqual(['rc=loaded', '(outage-lab) me[1]> ', join(install.shimDir, 'docker'), '<ps>', '']);
  });

  it('other shells get the marker through PS1', () => {
    const launch = prepareShell({ shell: '/bin/dash', shimDir: '/x/shim', rcDir: join(root, 'unused'), env: { PATH: '/usr/bin' } });
    expect(launch.env.PS1).toBe('(outage-lab) $ ');
    expect(launch.env.PATH).toBe(['/x/shim', '/usr/bin'].join(delimiter));
    expect(launch.env.ASYNC_OUTAGE_LAB_SHELL).toBe('1');
    expect(shellKind('/usr/local/bin/zsh')).toBe('zsh');
    expect(shellKind('/opt/homebrew/bin/fish')).toBe('fish');
  });
});

describe('async-outage-lab env', { timeout: 120_000 }, () => {
  it('prints an export line that, eval-ed, puts the recording shim first on PATH', () => {
    const l = lab();
    const result = l.run(['env']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`export PATH="${l.paths.shimDir}:$PATH"\n`);
    const evaluated = spawnSync(
      '/bin/sh',
      ['-c', `eval "$(${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} env)"; command -v docker; docker ps -q`],
      {
        env: l.env(),
        encoding: 'utf8',
      },
    );
    expect(evaluated.stdout).toBe(`${join(l.paths.shimDir, 'docker')}\n<ps>\n<-q>\n`);
    expect(readSessionLog(l.paths.sessionLog).map((entry) => entry.argv)).toEqual([['ps', '-q']]);
  });

  it('quotes a state directory with awkward characters', () => {
    const l = lab();
    const home = join(root, 'we"ird $dir `x`');
    const result = l.run(['env'], { ASYNC_OUTAGE_LAB_HOME: home });
    const echoed = spawnSync('/bin/sh', ['-c', `${result.stdout.trim()}; printf '%s' "$PATH"`], { env: { PATH: '/bin' }, encoding: 'utf8' });
    expect(echoed.stdout).toBe(`${join(home, 'shim')}:/bin`);
  });

  it('prints {shimDir, sessionLog, path} with --json', () => {
    const l = lab();
    const result = l.run(['env', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      shimDir: l.paths.shimDir,
      sessionLog: l.paths.sessionLog,
      path: [l.paths.shimDir, fakeBin, '/usr/bin', '/bin'].join(delimiter),
    });
    expect(readFileSync(join(l.paths.shimDir, 'docker'), 'utf8')).toContain('#!/bin/sh');
  });

  it('shows the eval example in --help', () => {
    expect(lab().run(['env', '--help']).stdout).toContain('eval "$(async-outage-lab env)"');
  });
});
