/**
 * The CLI's contract, command by command and lab state by lab state, run as a user runs it: a
 * spawned `node bin/async-outage-lab.js` against real Docker. For each state it asserts the exit
 * code the README's table gives (src/cli/exit-codes.ts), that --json parses and matches its
 * schema, that human output carries no escape codes, and what a closed stdout or a Ctrl-C in the
 * middle of a step leaves behind. One lab is shared by the cases that only read.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type CommandName, EXIT_CODES, type LabState } from '../../src/cli/exit-codes.js';
import { checkReportSchema } from '../../src/scenarios/worker-oom/report.js';
import {
  alreadyUpSchema,
  BACKLOG,
  downSchema,
  ESC,
  envSchema,
  errorSchema,
  historySchema,
  home,
  live,
  type Run,
  run,
  statusSchema,
  upSchema,
  withStdoutClosedEarly,
} from './contract.js';
import { docker, eventually, llen } from './harness.js';

/** Runs `args` and asserts the exit code the table gives `command` in `state`. */
async function expectExit(command: CommandName, state: LabState, args: string[] = [command], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const result = await run(args, env);
  expect(result.code, `${args.join(' ')} in state ${state}\n${result.stdout}\n${result.stderr}`).toBe(EXIT_CODES[command][state]);
  return result;
}

const parsed = <T>(schema: z.ZodType<T>, result: Run): T => {
  expect(result.stdout.trim().startsWith('{'), result.stdout).toBe(true);
  return schema.parse(JSON.parse(result.stdout));
};

/** `| head -1`: the exit code is the command's own, and nothing crashes on the closed pipe. */
async function expectQuietOnClosedPipe(command: 'status' | 'check', state: LabState) {
  const cut = await withStdoutClosedEarly([command]);
  expect(cut.signal, command).toBeNull();
  expect(cut.code, `${command} | head -1 in ${state}: ${cut.stderr}`).toBe(EXIT_CODES[command][state]);
  expect(cut.stderr).not.toMatch(/EPIPE|\n\s+at /);
}

/**
 * The read-only commands a learner types in every state. They only read, so they run side by
 * side: the suite's time goes to the lab, not to waiting for one process after another.
 */
async function expectReadOnlyContract(state: LabState) {
  const noEscapes = (result: Run) => expect(result.stdout + result.stderr).not.toMatch(ESC);
  await Promise.all([
    expectExit('status', state, ['status'], { NO_COLOR: '1' }).then(noEscapes),
    expectExit('check', state, ['check'], { NO_COLOR: '1' }).then(noEscapes),
    expectExit('check', state, ['check']).then(noEscapes),
    expectExit('status', state, ['status', '--json']).then((result) => {
      if (state !== 'daemon-down') expect(parsed(statusSchema, result).up).toBe(EXIT_CODES.status[state] === 0);
    }),
    expectExit('check', state, ['check', '--json']).then((result) => {
      const code: number = EXIT_CODES.check[state];
      if (code <= 1) expect(checkReportSchema.parse(JSON.parse(result.stdout)).exitCode).toBe(code);
      else expect(parsed(errorSchema, result).error.exitCode).toBe(code);
    }),
    expectExit('hint', state, ['hint']).then(noEscapes),
    expectExit('history', state, ['history', '--json']).then((result) => parsed(historySchema, result)),
    expectExit('env', state, ['env', '--json']).then((result) => parsed(envSchema, result)),
    expectQuietOnClosedPipe('check', state),
  ]);
}

/** What a learner who has not stated a root cause must not be told by `check`. */
const SPOILER = /\boom|out of memory|memory|\bMiB\b|kernel|killed|--memory|lesson:/i;

/** `check`'s human report minus criterion 1 (whose question lists every cause as a choice). */
const afterCriterionOne = (text: string) => text.slice(text.indexOf('2. web and redis'));

async function expectBrokenLab() {
  const status = parsed(statusSchema, await run(['status', '--json']));
  expect(status.up).toBe(true);
  expect(Object.fromEntries(status.containers.map((c) => [c.name, c.status]))).toEqual({ web: 'running', redis: 'running', worker: 'exited (137)' });
}

describe('the CLI contract, command by command', () => {
  it('every command has --help with an example, exit 0, no escape codes', async () => {
    const main = await run(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/\$ async-outage-lab up/);
    for (const command of Object.keys(EXIT_CODES)) {
      const help = await run([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/Examples?:[\s\S]*\$ .*async-outage-lab/);
      expect(help.stdout, command).not.toMatch(ESC);
    }
    const cut = await withStdoutClosedEarly(['up', '--help']);
    expect(cut.code).toBe(0);
    expect(cut.stderr).toBe('');
  });

  it('state daemon-down: every command that needs Docker exits 3 and says so', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    for (const command of ['up', 'reset', 'down', 'status', 'base'] as const) {
      const result = await expectExit(command, 'daemon-down', [command, ...(command === 'up' || command === 'reset' ? BACKLOG : [])], env);
      expect(result.stderr, command).toMatch(/Docker/);
      expect(result.stderr).not.toMatch(ESC);
    }
    parsed(errorSchema, await expectExit('status', 'daemon-down', ['status', '--json'], env));
    await expectExit('history', 'daemon-down', ['history'], env);
    await expectExit('env', 'daemon-down', ['env'], env);
  });

  it('state none: down is done, status and check say "no lab" with exit 3', async () => {
    parsed(downSchema, await expectExit('down', 'none', ['down', '--json']));
    await expectReadOnlyContract('none');
    expect((await run(['status'])).stdout).toContain('The lab is not up');
    await expectExit('base', 'none', ['base']);
  });

  // How long it takes is measured by `npm run bench` (medians), not asserted here: a busy machine is not a broken lab.
  it('up --backlog 300 from nothing: exit 0, JSON with its step timings', async () => {
    const up = parsed(upSchema, await expectExit('up', 'none', ['up', ...BACKLOG, '--json']));
    expect(up.steps.length).toBeGreaterThan(0);
    expect(up.totalMs).toBeGreaterThan(0);
    await expectBrokenLab();
    alreadyUpSchema.parse(JSON.parse((await expectExit('up', 'broken', ['up', '--json'])).stdout));
  });

  it('state broken: read-only commands follow the table; check names neither cause nor fix', async () => {
    await expectReadOnlyContract('broken');
    expect((await expectExit('status', 'broken', ['status'])).stdout).not.toMatch(ESC);
    await expectQuietOnClosedPipe('status', 'broken');
    for (const env of [{ NO_COLOR: '1' }, {}]) {
      const check = await run(['check'], env);
      expect(afterCriterionOne(check.stdout)).not.toMatch(SPOILER);
      expect(check.stdout).toMatch(/held back: they would give the cause away before you state a root cause/);
    }
    // --json carries everything: scripts and CI read it.
    const json = JSON.parse((await run(['check', '--json'])).stdout) as { figures: { workerLimitMiB: number } };
    expect(json.figures.workerLimitMiB).toBe(160);
    await expectExit('base', 'broken', ['base']);
    const shell = await run(['shell', '-c', 'docker ps -a >/dev/null; exit 7']);
    expect(shell.code).toBe(7); // the shell's own exit code
  });

  it('reset with its stdout closed after the first line still finishes: exit 0, the outage is live', async () => {
    const cut = await withStdoutClosedEarly(['reset', ...BACKLOG]);
    expect(cut.first).toMatch(/Check Docker and Compose/);
    expect(cut.first + cut.stderr).not.toMatch(ESC);
    expect(cut.signal).toBeNull();
    expect(cut.code, cut.stderr).toBe(0);
    // Done, not half-done: a recorded outage that check grades, on the containers reset made.
    expect((await run(['check'])).code).toBe(EXIT_CODES.check.broken);
    await expectBrokenLab();
    expect(cut.stderr).toMatch(/reset: its output was closed early; it carried on and finished \(exit 0\)/);
  });

  it('Ctrl-C in the middle of up: the step finishes, up stops with 130 and says reset recovers; reset does', async () => {
    const up = live(['up', '--force', ...BACKLOG]);
    // Off a terminal a step prints once, when it ends: the next one (queueing) starts at once.
    await up.waitFor('✔ Start redis and web', 180_000);
    up.interrupt();
    const { code, signal } = await up.ended;
    expect(signal).toBeNull();
    expect(code, up.stdout() + up.stderr()).toBe(130);
    expect(up.stdout() + up.stderr()).not.toMatch(ESC);
    expect(up.stdout()).toMatch(/✔ Queue 300 export jobs/); // the step it was in finished
    expect(up.stdout()).not.toMatch(/Start the worker/); // and nothing after it started
    expect(up.stderr()).toMatch(/up stopped on Ctrl-C after “Queue 300 export jobs”/);
    expect(up.stderr()).toMatch(/`async-outage-lab reset` puts the outage back/);
    // The half-done lab: status and check say "no lab", and the table holds there too.
    expect((await run(['status'])).stdout).toMatch(/stopped half-way/);
    // Every view gives the same advice for it: reset puts it back (never "run up first").
    for (const args of [['status'], ['check'], ['hint'], ['debrief']]) {
      const said = await run(args);
      expect(said.stdout + said.stderr, args[0]).toMatch(/stopped half-way\.[\s\S]*`async-outage-lab reset`: it puts the outage back/);
      expect(said.stdout + said.stderr, args[0]).not.toMatch(/up` first/);
    }
    await expectReadOnlyContract('half-reset');
    parsed(upSchema, await expectExit('reset', 'half-reset', ['reset', ...BACKLOG, '--json']));
    await expectBrokenLab();
  });

  it('Ctrl-C in the middle of a compose step of reset (compose gets it too): 130, a line naming the step, and reset recovers', async () => {
    const reset = live(['reset', ...BACKLOG]);
    await reset.waitFor('✔ Clear any earlier lab', 180_000);
    reset.interrupt();
    const { code } = await reset.ended;
    expect(code, reset.stdout() + reset.stderr()).toBe(130);
    expect(reset.stdout()).not.toMatch(/Queue/);
    // Whether compose finished before the signal reached it or not, the line says which step and what to run.
    expect(reset.stderr()).toMatch(/reset stopped on Ctrl-C(:| after) “Start redis and web; wait for PONG and HTTP 200”/);
    expect(reset.stderr()).toMatch(/`async-outage-lab reset` puts the outage back/);
    expect((await run(['status'])).code).toBe(EXIT_CODES.status['half-reset']);
    // A smaller backlog from here on: the drain below is the suite's longest wait.
    await expectExit('reset', 'half-reset', ['reset', '--backlog', '100']);
    await expectBrokenLab();
  });

  it('state draining: the fix is in, check still says not solved (no root cause) and gives nothing away', async () => {
    expect((await docker('update', '--memory', '512m', '--memory-swap', '512m', 'worker')).code).toBe(0);
    expect((await docker('start', 'worker')).code).toBe(0);
    // A check watches the queue for up to 10 s: these run side by side.
    await Promise.all([
      expectReadOnlyContract('draining'),
      expectExit('check', 'draining', ['check']).then((check) => {
        expect(afterCriterionOne(check.stdout)).not.toMatch(SPOILER);
        expect(check.stdout).toMatch(/queue [\d,]+, (draining at|drained to 0|steady at)/);
      }),
      expectExit('up', 'draining', ['up', '--json']).then((up) => alreadyUpSchema.parse(JSON.parse(up.stdout))),
    ]);
  });

  it('Ctrl-C during check --wait stops at once with 130, and the lab is as it was', async () => {
    const wait = live(['check', '--wait']);
    await wait.waitFor(/queue [\d,]+ ·|followed the drain|Observe the lab/);
    wait.interrupt();
    const { code, signal } = await wait.ended;
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(wait.stderr()).toMatch(/check stopped on Ctrl-C; it only looks, so the lab is as it was/);
    expect((await run(['status'])).code).toBe(0);
  });

  it('state solved: check --wait with the root cause exits 0; then everything may be shown', async () => {
    const solved = await run(['check', '--wait', '--component', 'worker', '--cause', 'oom-killed', '--json'], {}, 600_000);
    const report = checkReportSchema.parse(JSON.parse(solved.stdout));
    expect(solved.code, solved.stderr + JSON.stringify(report.criteria.filter((c) => !c.passed))).toBe(0);
    expect(await llen()).toBeLessThanOrEqual(2);
    await expectReadOnlyContract('solved');
    const check = await run(['check']);
    expect(check.stdout).toMatch(/limit 512 MiB/);
    expect(check.stdout).not.toMatch(/-\d[\d,]*\/min/); // no negative rate on a drained queue
    expect(check.stdout).toMatch(/queue \d+, (steady at \d+|drained to 0|draining at|growing) .*over the last \d+ s/);
    alreadyUpSchema.parse(JSON.parse((await expectExit('up', 'solved', ['up', '--json'])).stdout));
  });

  it('down removes the lab and its state; --keep-history keeps only the transcript', async () => {
    await run(['shell', '-c', 'docker ps -a >/dev/null']);
    const before = readdirSync(home);
    expect(before).toEqual(expect.arrayContaining(['baseline.json', 'session.jsonl', 'shim']));
    // session.jsonl now, the transcripts each reset set aside, and the record of hints used.
    const history = before.filter((name) => /^session.*\.jsonl$/.test(name) || name === 'hints.json').sort();
    expect(history.length).toBeGreaterThan(1);
    const kept = parsed(downSchema, await expectExit('down', 'solved', ['down', '--keep-history', '--json']));
    expect(kept.state.kept.map((path) => path.slice(home.length + 1))).toEqual(history);
    expect(readdirSync(home).sort()).toEqual(history);
    await eventually(
      'the lab containers to be gone',
      async () => (await docker('ps', '-a', '--filter', 'name=^(web|redis|worker)$', '-q')).out,
      (out) => out === '',
      10_000,
    );
    await expectExit('down', 'none', ['down']);
    expect(existsSync(home)).toBe(false);
    await expectExit('status', 'none', ['status']);
  });
});
