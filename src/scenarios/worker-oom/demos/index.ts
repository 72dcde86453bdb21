import type { Demo } from '../../../scenario/demo.js';
import { acksLateDemo } from './acks-late.js';
import { pagingDemo } from './paging.js';
import { restartPolicyDemo } from './restart-policy.js';

/** The outage's three follow-up questions, each answered by an experiment, in the order asked. */
export const workerOomDemos: readonly Demo[] = [acksLateDemo, pagingDemo, restartPolicyDemo];
