/** What the soak was asked for on its command line. */
export interface SoakOptions {
  cycles: number;
  scenarioId: string;
  /** Only rounds of `up <id>`/`reset`: no fix, no grade. */
  upOnly: boolean;
}

export const SOAK_USAGE = 'npm run soak -- [--scenario ID] [--cycles N] [--up-only]';

/** The soak's options from argv, or the usage error to print (exit 2). */
export function parseSoakOptions(argv: readonly string[], scenarioIds: readonly string[], defaultId: string): SoakOptions | { error: string } {
  const flagValue = (flag: string) => {
    const at = argv.indexOf(flag);
    return at < 0 ? undefined : (argv[at + 1] ?? '');
  };
  const cyclesText = flagValue('--cycles');
  const cycles = cyclesText === undefined ? 5 : Number(cyclesText);
  if (!Number.isInteger(cycles) || cycles < 1 || cycles > 1000) return { error: `--cycles takes a whole number from 1 to 1000, got "${cyclesText}"` };
  const scenarioId = flagValue('--scenario') ?? defaultId;
  if (!scenarioIds.includes(scenarioId)) return { error: `there is no outage named "${scenarioId}"; the outages: ${scenarioIds.join(', ')}` };
  return { cycles, scenarioId, upOnly: argv.includes('--up-only') };
}
