import { z } from 'zod';
import type { ClassroomStage } from '../scenario/contract.js';

/** The parts of `check --json` the instructor's table reads (the rest is carried, not needed). */
const gradeSchema = z.object({
  kind: z.literal('async-outage-lab/check'),
  solved: z.boolean(),
  passed: z.number().int(),
  total: z.number().int(),
  criteria: z.array(z.object({ id: z.string(), passed: z.boolean() })),
  transcript: z.array(z.object({ command: z.string(), ruleBreak: z.string().optional() })),
  hintsUsed: z.array(z.object({ level: z.number() })).optional(),
});

/** One learner's line in `classroom status`: graded from outside their sandbox. */
export interface LearnerRow {
  learner: number;
  sandbox: string;
  /** A stage, or why there is none: the sandbox stopped, no lab in it, or check failed. */
  stage: ClassroomStage | 'no-sandbox' | 'no-lab' | 'unreadable';
  passed: number;
  total: number;
  /** The recorded commands that broke a rule, each with the rule's reason. */
  rulesBroken: Array<{ command: string; rule: string }>;
  hintsUsed: number;
  /** When this learner's outage began (the baseline's record, as the outage reads it), or null. */
  outageBeganAt: string | null;
  /** Seconds from then to the grading, or null. */
  sinceOutageS: number | null;
  /** What went wrong reading this learner, when the stage says it did. */
  problem?: string;
}

export interface CheckRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** A learner's row from one run of `check --json` in their sandbox and their baseline's kill time. */
export function learnerRow(
  base: { learner: number; sandbox: string; running: boolean; outageBeganAt: string | null; now: Date },
  run: CheckRun | undefined,
  stageOf: (passed: ReadonlySet<string>, solved: boolean) => ClassroomStage,
): LearnerRow {
  const began = base.outageBeganAt ? Date.parse(base.outageBeganAt) : Number.NaN;
  const row: LearnerRow = {
    learner: base.learner,
    sandbox: base.sandbox,
    stage: 'no-sandbox',
    passed: 0,
    total: 0,
    rulesBroken: [],
    hintsUsed: 0,
    outageBeganAt: Number.isNaN(began) ? null : base.outageBeganAt,
    sinceOutageS: Number.isNaN(began) ? null : Math.max(0, Math.round((base.now.getTime() - began) / 1000)),
  };
  if (!base.running || !run) return { ...row, problem: 'the sandbox is not running' };
  if (run.exitCode === 3) return { ...row, stage: 'no-lab', problem: firstLine(run.stderr) || 'no lab in this sandbox' };
  let grade: z.infer<typeof gradeSchema>;
  try {
    grade = gradeSchema.parse(JSON.parse(run.stdout));
  } catch {
    return { ...row, stage: 'unreadable', problem: firstLine(run.stderr) || `check exited ${run.exitCode} without a report` };
  }
  const passed = new Set(grade.criteria.filter((criterion) => criterion.passed).map((criterion) => criterion.id));
  return {
    ...row,
    stage: stageOf(passed, grade.solved),
    passed: grade.passed,
    total: grade.total,
    rulesBroken: grade.transcript.filter((entry) => entry.ruleBreak).map((entry) => ({ command: entry.command, rule: entry.ruleBreak ?? '' })),
    hintsUsed: grade.hintsUsed?.length ?? 0,
  };
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/^error: /, '').trim())
    .find(Boolean) ?? '';

/** "4 m 05 s", "1 h 02 m": the time since the outage began, as the table shows it. */
export function elapsedText(seconds: number | null): string {
  if (seconds === null) return '-';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} m` : `${m} m ${String(s).padStart(2, '0')} s`;
}
