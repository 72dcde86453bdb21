import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Left by scripts/test-setup.sh once it has installed (or found) what the tests need. */
export const testSetupStamp = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'async-outage-lab', 'test-setup');

/**
 * True when a test may not skip for want of a shell or a browser: in CI, and wherever the test
 * set-up has run (`npm test` runs it first), so that a missing one fails instead of hiding.
 */
export function setupRequired(env: NodeJS.ProcessEnv = process.env, stamp = testSetupStamp): boolean {
  return Boolean(env.CI) || existsSync(stamp);
}
