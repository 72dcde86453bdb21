import type { Verdict } from '../scenario/verdict.js';

/** What a set of verdicts adds up to. */
export interface Grade {
  /** Every criterion passed (and there is at least one). */
  solved: boolean;
  /** The exit code `check` ends with: 0 solved, 1 not solved yet. */
  exitCode: 0 | 1;
  passed: number;
  total: number;
}

/** The one place that decides "solved": the report, its schema and the classroom all take it from here. Pure. */
export function gradeOf(verdicts: readonly Pick<Verdict, 'passed'>[]): Grade {
  const passed = verdicts.filter((verdict) => verdict.passed).length;
  const solved = verdicts.length > 0 && passed === verdicts.length;
  return { solved, exitCode: solved ? 0 : 1, passed, total: verdicts.length };
}
