import type { Action } from './actions.js';
import type { OracleView } from './stack-view.js';

/**
 * What the randomized learner needs of one outage: its vocabulary of moves, the root cause to
 * state, and an oracle written apart from the outage's criteria (from outcomes only): `observe`
 * runs right after `up`, `judge` after the graded `check --wait`.
 */
export interface Vocabulary<Before = unknown> {
  /** `--component X --cause Y`, as `check` takes them. */
  statement: string[];
  /** The busy hour `up` sends for this learner (`--backlog`), when not the outage's own default; `--backlog` on the command line wins. */
  backlog?: number;
  randomPath: (random: () => number) => Action[];
  observe: () => Promise<Before>;
  judge: (before: Before) => Promise<OracleView>;
}
