/**
 * Hints as the engine takes them from a scenario: a rule that names the learner's situation from
 * facts, and three texts per situation, each more specific than the last.
 */

export const HINT_LEVELS = 3;
export type HintLevel = 1 | 2 | 3;

export interface HintSituation {
  /** One line: where the learner is. */
  title: string;
  /** A nudge, a pointer to the evidence, the command. */
  levels: readonly [string, string, string];
}

/** F: the facts the scenario's rules read (the lab's state, the commands recorded, the hints given). */
export interface HintBook<F = unknown> {
  situations: Readonly<Record<string, HintSituation>>;
  /** The situation the facts describe: a key of `situations`. */
  situation: (facts: F) => string;
  /** A one-line aside to print beside the hint (something told earlier and still true), if any. */
  aside?: (facts: F, situation: string) => string | undefined;
}

/**
 * The next level in a situation: one more than was given there, at most the last. The command
 * (level 3) comes only once the learner has asked twice before in the same situation.
 */
export const nextHintLevel = (askedBefore: number): HintLevel => Math.min(HINT_LEVELS, Math.max(0, askedBefore) + 1) as HintLevel;
