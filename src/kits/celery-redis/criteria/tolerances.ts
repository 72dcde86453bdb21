/** The slack the criteria allow, in one place, with the reason for each. */

export { LISTED_IDS } from '../account/account-text.js';

/** A drain needs at least this many samples: one reading says nothing about a trend. */
export const DRAIN_MIN_SAMPLES = 2;

/**
 * A queue at or below this depth counts as drained: simulated customers add about one export every
 * 3 s, and a healthy worker takes each within moments, so a drained queue hovers at 0 to 2.
 */
export const DRAIN_NEAR_EMPTY = 2;

/**
 * The least fall in queue depth across the window that counts as draining: more than the few
 * exports customers add over a ~10 s window could hide or fake.
 */
export const DRAIN_MIN_DROP = 3;
