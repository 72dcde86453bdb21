import type { LabBaseline } from '../scenario/baseline.js';
import type { Debrief } from '../scenario/debrief.js';
import type { SessionEntry } from '../shim/session-log.js';

const clock = (iso: string) => `${iso.slice(11, 19)} UTC`;

/**
 * The postmortem's status is check's, the one place that decides "solved": resolved only when the
 * last `check` passed and no docker command ran after it (the lab may have changed since). Pure.
 */
export function withCheckStatus(debrief: Debrief, lastCheck: LabBaseline['lastCheck'], session: readonly SessionEntry[]): Debrief {
  if (!lastCheck) {
    return { ...debrief, resolved: false, open: ['No `async-outage-lab check` has graded the lab yet.', ...debrief.open] };
  }
  const after = session.filter((entry) => entry.at > lastCheck.at).length;
  const open: string[] = [];
  if (!lastCheck.solved) open.push(`The last check (${clock(lastCheck.at)}) did not pass: ${lastCheck.failing.join('; ')}.`);
  if (after > 0)
    open.push(
      `${after} docker command${after === 1 ? '' : 's'} ran after the last check (${clock(lastCheck.at)}): run \`async-outage-lab check\` to grade the lab as it is now.`,
    );
  // Resolved, yet a source the postmortem could not read still explains its missing figures.
  if (open.length === 0) return { ...debrief, resolved: true, open: debrief.open.filter((item) => item.startsWith('could not read')) };
  return { ...debrief, resolved: false, open: [...open, ...debrief.open.filter((item) => !open.includes(item))] };
}
