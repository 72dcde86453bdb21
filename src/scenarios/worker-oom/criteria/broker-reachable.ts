import type { Criterion } from '../../../checks/types.js';
import { verdict } from './verdict.js';

/** Redis answered when the lab looked: a toy criterion, to show what adding one takes. */
export const judgeBrokerReachable: Criterion = (snapshot) =>
  verdict('broker-reachable', snapshot.broker.reachable, [snapshot.broker.reachable ? 'redis answered' : 'redis did not answer'], { hint: 'Is redis running? `docker ps`' });
