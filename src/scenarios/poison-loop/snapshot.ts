import type { Snapshot } from '../../kits/celery-redis/observe/snapshot.js';
import type { QuarantineView } from './quarantine.js';

/** What `check` knows of poison-loop: the shared stack's snapshot, and every export message kept outside the queue and `unacked`. */
export interface PoisonSnapshot extends Snapshot {
  quarantine: QuarantineView;
}
