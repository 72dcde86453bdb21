import { WEB_REDIS_UNTOUCHED_TITLE } from '../../../kits/celery-redis/criteria/web-redis-untouched.js';
import { verdictBuilder } from '../../../scenario/verdict.js';

export const criterionIds = ['root-cause', 'web-redis-untouched', 'poison-quarantined', 'others-kept', 'worker-stable', 'backlog-drained'] as const;
export type CriterionId = (typeof criterionIds)[number];

/** The line each criterion prints, in the order `check` judges them. */
export const criterionTitles: Record<CriterionId, string> = {
  'root-cause': 'Root cause stated',
  'web-redis-untouched': WEB_REDIS_UNTOUCHED_TITLE,
  'poison-quarantined': "The worker's last export kept, out of its way",
  'others-kept': 'Every other export finished or waiting',
  'worker-stable': 'Worker running, and staying up',
  'backlog-drained': 'Backlog drains to 0',
};

export const verdict = verdictBuilder(criterionTitles);
export type { Verdict } from '../../../scenario/verdict.js';
