import { askedBySituation, readHintsUsed, recordHintUsed } from '../lab/hint-record.js';
import { requireLab } from '../lab/lab-absence.js';
import { statePaths } from '../project/paths.js';
import type { Catalog } from '../scenario/contract.js';
import { HINT_LEVELS, type HintLevel, nextHintLevel } from '../scenario/hints.js';
import { readSessionLog } from '../shim/session-log.js';

export interface HintGiven {
  situation: string;
  title: string;
  level: HintLevel;
  levels: number;
  text: string;
  /** A line beside the hint: something told earlier and still true. */
  aside?: string;
  /** Hints given during this outage, this one included. */
  hintsUsed: number;
}

/** `hint`: names the learner's situation from the outage's facts, gives its next level, and records it. */
export async function nextHint(catalog: Catalog): Promise<HintGiven> {
  const { baseline, scenario } = await requireLab(catalog);
  const used = readHintsUsed(baseline.createdAt);
  const asked = askedBySituation(used);
  const book = scenario.hint;
  const facts = await book.facts(baseline, readSessionLog(statePaths().sessionLog), asked);
  const situation = book.situation(facts);
  const aside = book.aside?.(facts, situation);
  const level = nextHintLevel(asked[situation] ?? 0);
  const entry = book.situations[situation]!;
  const text = entry.levels[level - 1]!;
  recordHintUsed(baseline.createdAt, { at: new Date().toISOString(), situation, level });
  return { situation, title: entry.title, level, levels: HINT_LEVELS, text, ...(aside ? { aside } : {}), hintsUsed: used.length + 1 };
}
