import { ExitCode } from '../errors.js';

/**
 * The exit-code contract, command by command and state by state. The README's table is rendered
 * from this (a unit test keeps them equal) and the contract suite runs each cell it can reach.
 */
export const LAB_STATES = ['none', 'broken', 'draining', 'solved', 'half-reset', 'daemon-down'] as const;
export type LabState = (typeof LAB_STATES)[number];

export const STATE_MEANINGS: Record<LabState, string> = {
  none: 'no lab (never up, or after `down`)',
  broken: 'the outage as `up` left it',
  draining: 'the fix in place, the backlog going down, no root cause stated yet',
  solved: 'root cause stated, the fix in place and the backlog going down (`check --wait`: drained)',
  'half-reset': 'containers left, no state: an `up` or `reset` stopped half-way',
  'daemon-down': 'no Docker daemon answers',
};

/** A number, or the text of a code that is not the lab's to choose. */
export type ExpectedExit = number | 'the shell’s';

const all = (code: ExpectedExit, except: Partial<Record<LabState, ExpectedExit>> = {}): Record<LabState, ExpectedExit> =>
  Object.fromEntries(LAB_STATES.map((state) => [state, except[state] ?? code])) as Record<LabState, ExpectedExit>;

const { ok, notSolved, environment } = ExitCode;

export const EXIT_CODES = {
  up: all(ok, { 'daemon-down': environment }),
  reset: all(ok, { 'daemon-down': environment }),
  down: all(ok, { 'daemon-down': environment }),
  check: { none: environment, broken: notSolved, draining: notSolved, solved: ok, 'half-reset': environment, 'daemon-down': environment },
  status: { none: environment, broken: ok, draining: ok, solved: ok, 'half-reset': environment, 'daemon-down': environment },
  hint: { none: environment, broken: ok, draining: ok, solved: ok, 'half-reset': environment, 'daemon-down': environment },
  history: all(ok),
  // Reads only the state file: it lists the outages whatever the lab's state.
  scenarios: all(ok),
  env: all(ok),
  shell: all('the shell’s'),
  base: all(ok, { 'daemon-down': environment }),
  // A postmortem is done once written, open or resolved; it says which.
  debrief: all(ok, { none: environment, 'half-reset': environment, 'daemon-down': environment }),
  // Refused until a root cause is stated (it would answer the outage); with no lab there is no diagnosis to follow.
  demo: { none: environment, broken: notSolved, draining: notSolved, solved: ok, 'half-reset': environment, 'daemon-down': environment },
} satisfies Record<string, Record<LabState, ExpectedExit>>;
export type CommandName = keyof typeof EXIT_CODES;

/** The README's table: one row per command, one column per state. */
export function exitCodeTable(): string {
  const header = `| command | ${LAB_STATES.join(' | ')} |`;
  const rule = `|---|${LAB_STATES.map(() => '---').join('|')}|`;
  const rows = Object.entries(EXIT_CODES).map(([command, codes]) => `| \`${command}\` | ${LAB_STATES.map((state) => String(codes[state])).join(' | ')} |`);
  const legend = LAB_STATES.map((state) => `\`${state}\`: ${STATE_MEANINGS[state]}`).join('; ');
  return [header, rule, ...rows, '', `States: ${legend}.`].join('\n');
}
