/** The containers every outage of the stack asks the learner to leave alone. */
export const PROTECTED = ['web', 'redis'] as const;
export type Protected = (typeof PROTECTED)[number];

/** Why each may not be touched, as the transcript says it. */
const WHY: Record<Protected, string> = {
  web: 'web was healthy all along; the fix leaves it alone',
  redis: 'redis was healthy and holds the backlog; the fix leaves it alone',
};

/** The phrase for a command that touched them: what it did, to which, and why that breaks the rules. */
export function touched(verb: string, targets: readonly Protected[]): string {
  const names = targets.join(' and ');
  const why = targets.length === 1 ? WHY[targets[0]!] : 'web and redis were healthy all along; the fix leaves them alone';
  return `${verb} ${names} (${why})`;
}

/** The protected containers among the names a command took. */
export const protectedIn = (names: readonly string[]): Protected[] =>
  PROTECTED.filter((name) => names.some((candidate) => candidate === name || candidate === `/${name}`));
