import { join } from 'node:path';
import { listSandboxes, type SandboxInfo } from '../docker/sandbox.js';
import { labInSandbox } from '../docker/sandbox-net.js';
import { readBaseline } from '../lab/state.js';
import type { AnyScenario, Catalog } from '../scenario/contract.js';
import { learnerDirs } from './naming.js';
import { type LearnerRow, learnerRow } from './rows.js';

/** Longest one learner's check may take (it watches the queue for up to 10 s). */
const CHECK_TIMEOUT_MS = 60_000;

/** The learner's outage and when it began, from the baseline kept on the host. */
function learnerOutage(catalog: Catalog, labHome: string): { scenario: AnyScenario; began: string | null } {
  try {
    const read = readBaseline(catalog, join(labHome, 'baseline.json'));
    if (read.kind === 'ok') return { scenario: read.scenario, began: read.scenario.classroom.outageBeganAt(read.baseline) };
  } catch {
    // A state file refused (a link, someone else's): that learner's own check says why in its
    // row; it must not take the other learners' rows down with it.
  }
  return { scenario: catalog.find(undefined)!, began: null };
}

/** Grades one learner with `check --json`, run from the host into their sandbox; `cancel` stops that check. */
export async function gradeLearner(catalog: Catalog, sandbox: SandboxInfo, now = new Date(), cancel?: AbortSignal): Promise<LearnerRow> {
  const dirs = learnerDirs(sandbox.learner);
  const { scenario, began } = learnerOutage(catalog, dirs.labHome);
  const base = { learner: sandbox.learner, sandbox: sandbox.name, running: sandbox.running, outageBeganAt: began, now };
  if (!sandbox.running) return learnerRow(base, undefined, scenario.classroom.stageOf);
  const run = await labInSandbox({ pid: sandbox.pid, ...dirs }, ['check', '--json'], {
    timeout: CHECK_TIMEOUT_MS,
    env: { NO_COLOR: '1' },
    ...(cancel ? { cancelSignal: cancel } : {}),
  });
  const result = {
    exitCode: run.exitCode,
    stdout: String(run.stdout),
    stderr: run.timedOut ? `check took longer than ${CHECK_TIMEOUT_MS / 1000} s` : String(run.stderr),
  };
  return learnerRow(base, result, scenario.classroom.stageOf);
}

/** Every learner's row, graded at once (each check mostly waits on its own queue); `cancel` stops the round. */
export async function gradeClassroom(catalog: Catalog, cancel?: AbortSignal): Promise<{ rows: LearnerRow[]; takenAt: Date }> {
  const takenAt = new Date();
  const sandboxes = await listSandboxes();
  const rows = await Promise.all(sandboxes.map((sandbox) => gradeLearner(catalog, sandbox, takenAt, cancel)));
  return { rows, takenAt };
}
