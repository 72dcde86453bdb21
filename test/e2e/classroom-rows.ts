import { expect } from 'vitest';
import { lab } from './harness.js';

/** The label every classroom sandbox carries on the host's engine. */
export const SANDBOX_LABEL = 'io.async-outage-lab.classroom=sandbox';

/** The parts of a `classroom status --json` row the classroom tests read. */
export interface ClassroomRow {
  learner: number;
  stage: string;
  passed: number;
  total: number;
  rulesBroken: Array<{ command: string }>;
}

/** One round of `classroom status --json`: every learner's row, graded from outside. */
export async function classroomRows(): Promise<ClassroomRow[]> {
  const status = await lab(['classroom', 'status', '--json'], { timeoutMs: 120_000 });
  expect(status.exitCode, status.all).toBe(0);
  return (JSON.parse(status.stdout) as { rows: ClassroomRow[] }).rows;
}
