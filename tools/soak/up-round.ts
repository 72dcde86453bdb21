import { timed } from '../../src/measure.js';
import { labCli } from '../playthrough/learner.js';

/** One round of `up <id>` (the first) or `reset` (the others): exit 0 means up confirmed the broken state. */
export interface UpRoundResult {
  index: number;
  command: string;
  exitCode: number;
  upMs: number;
  /** The last lines the command printed, kept for a round that failed. */
  tail: string[];
}

const TAIL_LINES = 12;

export async function upRound(index: number, scenarioId: string, env: NodeJS.ProcessEnv): Promise<UpRoundResult> {
  const args = index === 0 ? ['up', scenarioId] : ['reset'];
  const [upMs, result] = await timed(() => labCli(args, env));
  const tail = result.exitCode === 0 ? [] : result.all.trimEnd().split('\n').slice(-TAIL_LINES);
  return { index, command: args.join(' '), exitCode: result.exitCode, upMs, tail };
}
