/**
 * One outage's scripted session, as data the playthrough runs in the same order for every outage:
 * down, up, the broken state as a learner sees it, a check before any fix, a wrong fix graded
 * wrong, reset, the card's fix through the recording shim, check --wait graded right, reset, down.
 */
export interface PlaythroughScript {
  /** The root cause the learner states: `--component`, `--cause`. */
  statement: [component: string, cause: string];
  /** What the learner sees right after `up` (and after each reset), checked through the docker CLI; returns a one-line summary or throws what differs. */
  brokenState: (sitePort: number) => Promise<string>;
  /** Criteria that must fail before any fix (the right cause stated). */
  failingBeforeFix: string[];
  /** A plausible wrong fix, as one `shell -c` line, and the criteria it must fail. */
  wrongFix: { name: string; command: string; failing: string[]; ruleBreak?: RegExp };
  /** The card's fix, as one `shell -c` line, and how many docker commands the shim records for it. */
  fix: { command: string; recorded: number };
  /** After the graded fix: a one-line summary of what the stack shows, or throws what is wrong. */
  afterFix: () => Promise<string>;
}
