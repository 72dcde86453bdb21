import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { env as labEnv } from './harness.js';

// The README's way in: `npm run lab`, then the `npx async-outage-lab ...` commands the lab prints.
// Each command the lab prints is typed back into a shell, as printed, to prove it resolves.
const root = join(import.meta.dirname, '..', '..');
/** The environment of a user's shell: no npm variables from the test runner itself. */
const userEnv = Object.fromEntries(Object.entries(labEnv).filter(([key]) => !key.startsWith('npm_')));

function shell(command: string) {
  return execa('bash', ['-c', command], { cwd: root, env: userEnv, reject: false, all: true, stdin: 'ignore', timeout: 120_000 });
}

/** Every `async-outage-lab <command>` a text names, as far as the command goes (no pipes, placeholders or comments). */
function printedCommands(text: string): string[] {
  const command =
    /(?<![\w./-])(?:npx )?async-outage-lab (?:up|reset|down|check|shell|env|history|status|hint|debrief|demo|base|classroom)(?: (?:[a-z0-9][\w.-]*|--[\w-]+))*/g;
  return [...new Set(text.match(command) ?? [])];
}

async function expectEachRuns(printed: string): Promise<void> {
  const commands = printedCommands(printed);
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) {
    expect(command, `printed as "${command}"`).toMatch(/^npx async-outage-lab /);
    // --help proves that the command resolves and names a real subcommand without touching a lab.
    const run = await shell(`${command} --help`);
    expect(run.all, `${command} --help`).not.toMatch(/command not found|No such file/);
    expect({ command, exitCode: run.exitCode }).toEqual({ command, exitCode: 0 });
    expect(run.stdout).toMatch(/^Usage: npx async-outage-lab /m);
  }
}

describe('every command the lab prints runs as printed', () => {
  it('after `npm run lab` (npm_command=run): its help and examples say npx, and each runs', async () => {
    // `npm run lab -- --help`: the lab script's own path (Docker ensured, then `up`), asked for help.
    const viaNpmRun = await execa('npm', ['run', '--silent', 'lab', '--', '--help'], {
      cwd: root,
      env: userEnv,
      reject: false,
      all: true,
      stdin: 'ignore',
      timeout: 300_000,
    });
    expect(viaNpmRun.exitCode, viaNpmRun.all).toBe(0);
    expect(viaNpmRun.stdout).toContain('$ npx async-outage-lab up');
    await expectEachRuns(viaNpmRun.stdout);
  });

  it('under real npx: --help, history and demo --help with no lab print commands that run', async () => {
    const help = await shell('npx async-outage-lab --help');
    expect(help.exitCode, help.all).toBe(0);
    const history = await shell('npx async-outage-lab history');
    expect(history.exitCode, history.all).toBe(0);
    expect(history.stdout).toContain('npx async-outage-lab shell');
    const demo = await shell('npx async-outage-lab demo --help');
    expect(demo.exitCode, demo.all).toBe(0);
    await expectEachRuns([help.stdout, history.stdout, demo.stdout].join('\n'));
    // The ones that need no lab, as printed.
    for (const command of ['npx async-outage-lab history', 'npx async-outage-lab env']) {
      const run = await shell(command);
      expect({ command, exitCode: run.exitCode }, run.all).toEqual({ command, exitCode: 0 });
    }
  }, 900_000); // a dozen npx starts: minutes on a loaded machine
});
