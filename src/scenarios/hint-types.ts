/**
 * Hints as the engine takes them from a scenario: a rule that names the learner's situation from
 * facts, and three texts per situation, each more specific than the last.
 */

/** What the hint rules see: the lab's state now, the commands recorded, and the hints already given. */
export interface HintFacts {
  worker: {
    exists: boolean;
    running: boolean;
    status?: string;
    /** The memory limit in force (the lower of memory and swap); undefined: none. */
    limitBytes?: number;
  };
  /** The limit the outage began with. */
  baselineLimitBytes: number;
  /** What the largest export still waiting needs to finish. */
  requiredLimitBytes: number;
  /** The learner's docker commands, oldest first, with the rule each broke. */
  commands: ReadonlyArray<{ argv: readonly string[]; program?: 'docker-compose'; ruleBreak?: string }>;
  /** How many hints were already given in each situation (since `up` or `reset`). */
  asked: Readonly<Record<string, number>>;
}

export const HINT_LEVELS = 3;
export type HintLevel = 1 | 2 | 3;

export interface HintSituation {
  /** One line: where the learner is. */
  title: string;
  /** A nudge, a pointer to the evidence, the command. */
  levels: readonly [string, string, string];
}

export interface HintBook {
  situations: Readonly<Record<string, HintSituation>>;
  /** The situation the facts describe: a key of `situations`. */
  situation: (facts: HintFacts) => string;
  /** A one-line aside to print beside the hint (something told earlier and still true), if any. */
  aside?: (facts: HintFacts, situation: string) => string | undefined;
}

/**
 * The next level in a situation: one more than was given there, at most the last. The command
 * (level 3) comes only once the learner has asked twice before in the same situation.
 */
export const nextHintLevel = (askedBefore: number): HintLevel => Math.min(HINT_LEVELS, Math.max(0, askedBefore) + 1) as HintLevel;
