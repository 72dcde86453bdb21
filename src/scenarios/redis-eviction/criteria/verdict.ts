import { verdictBuilder } from '../../../scenario/verdict.js';

export const criterionIds = ['root-cause', 'loss-stopped', 'loss-recovered', 'nothing-else-damaged', 'drains-and-holds'] as const;
export type CriterionId = (typeof criterionIds)[number];

export const criterionTitles: Record<CriterionId, string> = {
  'root-cause': 'Root cause stated',
  'loss-stopped': 'Accepted exports stay accepted, with room to spare',
  'loss-recovered': "Every accepted export finished, waiting or in a worker's hands",
  'nothing-else-damaged': 'Nothing else damaged',
  'drains-and-holds': 'Backlog drained, and a burst after the fix loses nothing',
};

export const verdict = verdictBuilder(criterionTitles);
export type { Verdict } from '../../../scenario/verdict.js';
