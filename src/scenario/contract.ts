import type { ZodTypeAny, z } from 'zod';
import type { StackFiles } from '../docker/compose.js';
import type { InspectInfo } from '../docker/engine.js';
import type { SessionEntry } from '../shim/session-log.js';
import type { RuleBreakClassifier } from '../shim/transcript.js';
import type { LabBaseline } from './baseline.js';
import type { DebriefBook } from './debrief.js';
import type { Demo } from './demo.js';
import type { HintBook } from './hints.js';
import type { JudgeContext } from './judge.js';
import type { DrainPort, StatusPort } from './ports.js';
import type { CheckReportView, ReportInput } from './report.js';
import type { Verdict } from './verdict.js';

/**
 * The contract an outage fills, in one place: what each command needs of it, grouped by command.
 * A scenario's folder exports one value made with `defineScenario`; the registry
 * (src/scenarios/index.ts) lists them. B is the outage's baseline, S its snapshot, D what
 * following its drain records, L one live reading for `status`.
 */
export interface Scenario<B extends LabBaseline = LabBaseline, S = unknown, D = unknown, L = unknown> {
  id: string;
  title: string;
  difficulty: 'Easy' | 'Medium' | 'Hard';
  /** The problem in one line, as support reports it (`scenarios` lists it). */
  reported: string;
  /** The words the commands' help and messages use for this outage. */
  texts: ScenarioTexts;
  /** Every command: the lab's containers, `up`'s defaults, the state file's schema. */
  lab: LabNeeds<B>;
  /** Names the rule a recorded command broke (`check`, `history` and `debrief`), or undefined. */
  ruleBreak: RuleBreakClassifier;
  up: UpNeeds<B>;
  check: CheckNeeds<B, S, D>;
  status: StatusPort<B, L>;
  hint: HintNeeds<B>;
  debrief: DebriefBook<B, any>;
  /** The live experiments `demo` runs, by name, each answering one follow-up question. */
  demos: readonly Demo[];
  classroom: ClassroomNeeds<B>;
}

/** A scenario of any types: what the registry holds and the use cases are handed. */
export type AnyScenario = Scenario<any, any, any, any>;

/** The registry as the engine takes it: every outage the lab can stage, and the default one. */
export interface Catalog {
  ids: readonly string[];
  /** The scenario of that id; no id: the default. Undefined: no such scenario. */
  find: (id: string | undefined) => AnyScenario | undefined;
}

/** Declares a scenario: the types are inferred from its parts and checked against each other. */
export const defineScenario = <B extends LabBaseline, S, D, L>(scenario: Scenario<B, S, D, L>): Scenario<B, S, D, L> => scenario;

export interface LabNeeds<B extends LabBaseline> {
  /** The containers the lab runs, by name: `up` refuses names held by others, `down` removes them. */
  containers: readonly string[];
  /** `up`'s defaults. */
  defaults: { backlog: number; sitePort: number; trafficIntervalMs: number };
  /** The schema of the state file (a foreign or broken one is refused, never trusted; see `readingRenamedKeys` for one an earlier version wrote). */
  baselineSchema: z.ZodType<B>;
  /** The container whose published port is the lab's address; `up` refuses a port something else holds. */
  publishedHttp: { container: string; containerPort: number };
}

/** What `up` and `reset` were asked for. */
export interface UpOptions {
  backlog: number;
  sitePort: number;
  trafficIntervalMs: number;
  base?: string;
}

/** What `up` hands the scenario once the image is built and any earlier lab is cleared. */
export interface StageContext {
  options: UpOptions;
  /** The secret the lab's internal endpoints ask for (kept in the baseline). */
  labToken: string;
  /** A password made for this lab, for the scenario's services to require (kept in its baseline). */
  servicePassword: string;
  baseImage: string;
  /** Runs one titled step, reported as `up`'s progress. */
  step: <T>(title: string, run: (detail: (text: string) => void) => Promise<T>) => Promise<T>;
}

/** What `up` finds when a lab of this scenario already runs. */
export interface RunningLab {
  /** Still exactly as the outage left it. */
  untouched: boolean;
  message: string;
}

export interface UpNeeds<B extends LabBaseline> {
  /** The stack `up` builds and starts. */
  stack: StackFiles;
  /** Starts the stack, breaks it, confirms the break and returns the baseline. */
  stage: (context: StageContext) => Promise<B>;
  /** The lines printed when the outage is handed over. */
  briefing: (baseline: B) => string[];
  /** The fields `up --json` adds. */
  record: (baseline: B) => Record<string, unknown>;
  /** Whether the lab `up` finds is this outage, as left or changed; undefined: not a running lab. */
  running: (baseline: B, infos: Record<string, InspectInfo | undefined>) => RunningLab | undefined;
}

/** The question `check` asks once, and the answers it accepts. */
export interface RootCauseQuestion {
  components: readonly string[];
  causes: readonly string[];
  questions: ReadonlyArray<{ key: 'component' | 'cause'; prompt: string; choices: ReadonlyArray<{ value: string; label: string }> }>;
  /** The criterion that judges the answer: it lists every choice, so it is never held back. */
  criterionId: string;
}

export interface CheckNeeds<B extends LabBaseline, S, D> {
  rootCause: RootCauseQuestion;
  /** How `check` observes the lab (one snapshot, and the drain `--wait` follows). */
  drain: DrainPort<B, S, D>;
  /** The criteria `check` judges, in order, with their titles. Solved: every one passed. */
  criteria: {
    ids: readonly string[];
    titles: Readonly<Record<string, string>>;
    judge: (snapshot: S, baseline: B, context: JudgeContext) => Verdict[];
  };
  /** The report `check` prints: the verdicts, with the scenario's figures. */
  report: {
    build: (input: ReportInput<S, B>) => CheckReportView;
    /** The shape of the report's `figures`, for scripts that read `check --json` (report-schema). */
    figuresSchema: ZodTypeAny;
    /** The figures' line under the report; without limits while they would give the fix away. */
    figuresLine: (report: CheckReportView, showLimits: boolean) => string;
    /** Words that give the cause or the fix away before a root cause is stated. */
    spoilers: RegExp;
  };
}

/** The situations `hint` tells apart, what it says in each, and the facts it reads. */
export interface HintNeeds<B extends LabBaseline, F = any> extends HintBook<F> {
  facts: (baseline: B, entries: readonly SessionEntry[], asked: Record<string, number>) => Promise<F>;
}

/** What one learner's sandbox needs to run this outage in a classroom (`classroom up`). */
export interface ClassroomNeeds<B extends LabBaseline = LabBaseline> {
  /** The sandbox's memory cap: the stack at its fix's limits, with the sandbox's own daemon. */
  sandboxMemoryMiB: number;
  /** Where that figure comes from, in a few words (shown when `classroom up` refuses an N). */
  why: string;
  /** Where a learner stands, from the ids of the criteria `check` passed. */
  stageOf: (passed: ReadonlySet<string>, solved: boolean) => ClassroomStage;
  /** When the learner's outage began (ISO time), from their baseline. */
  outageBeganAt: (baseline: B) => string;
}

/** The stages the instructor's table shows, in the order a learner goes through them. */
export const CLASSROOM_STAGES = ['investigating', 'fixed', 'draining', 'solved'] as const;
export type ClassroomStage = (typeof CLASSROOM_STAGES)[number];

/** The words the commands' help and messages use for this scenario. */
export interface ScenarioTexts {
  /** The program's one-line description. */
  program: string;
  /** `up`'s one-line description: what it breaks. */
  up: string;
  /** Help lines of `--backlog`, and of `up`'s first example. */
  backlogOption: string;
  upExample: string;
  /** `check`'s example of a stated root cause (the flags only). */
  statementExample: string;
  /** `status`'s help paragraph on its signals. */
  statusSignals: string;
  /** A docker command `shell -c` could run, for its help. */
  shellExample: string;
  /** `reset`'s one-line description, and its example comment: the kinds of damage it undoes. */
  reset: string;
  resetExample: string;
  /** `check --component`'s help: what the learner names. */
  componentOption: string;
  /** `demo`'s help: what the demos start and what they never touch. */
  demos: string;
  /** What `check --wait` sends into the lab to see the fix hold, when it sends anything (then check is not read-only). */
  checkWaitSends?: string;
}
