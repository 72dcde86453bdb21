import type { Verdict } from './verdict.js';

/**
 * Runs a scenario's criteria over one observation, in the scenario's order: one verdict each.
 * Pure: the criteria are pure functions of what they are given.
 */
export function judgeAll<Id extends string, Args extends unknown[]>(
  order: readonly Id[],
  criteria: Record<Id, (...args: Args) => Verdict>,
  ...args: Args
): Verdict[] {
  return order.map((id) => criteria[id](...args));
}

/** Solved means every criterion in `order`, each present, passed. */
export const allPassed = (order: readonly string[], verdicts: readonly Verdict[]) =>
  order.every((id) => verdicts.some((v) => v.id === id && v.passed));
