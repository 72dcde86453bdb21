import { timed } from '../../src/measure.js';
import { brokenStateMismatches, dockerCli, labCli, observeBrokenState } from '../playthrough/learner.js';

/** One soak round as it went: its times and everything that was not as the outage says. */
export interface RoundResult {
  index: number;
  /** `up` for the first round, `reset` for the others: to the confirmed broken state. */
  upMs: number;
  fixMs: number;
  checkMs: number;
  roundMs: number;
  /** Wrong broken state or wrong grade, in words (empty when the round was right). */
  problems: string[];
}

interface CheckJson {
  solved: boolean;
  exitCode?: number;
  criteria: Array<{ id: string; passed: boolean }>;
}

/**
 * up (first round) or reset -> the broken state, checked through the docker CLI -> the card's fix
 * -> `check --wait`, which must grade it solved (exit 0) with every criterion passed.
 */
export async function soakRound(index: number, env: NodeJS.ProcessEnv, sitePort: number): Promise<RoundResult> {
  const started = performance.now();
  const problems: string[] = [];
  const [upMs, up] = await timed(() => labCli([index === 0 ? 'up' : 'reset', '--json'], env));
  if (up.exitCode !== 0) problems.push(`${index === 0 ? 'up' : 'reset'} exited ${up.exitCode}: ${up.all.split('\n').slice(-3).join(' / ')}`);
  else problems.push(...brokenStateMismatches(await observeBrokenState(sitePort)));

  const [fixMs, fix] = await timed(async () => [
    await dockerCli('update', '--memory', '512m', '--memory-swap', '512m', 'worker'),
    await dockerCli('start', 'worker'),
  ]);
  for (const step of fix) if (step.exitCode !== 0) problems.push(`the fix failed: ${step.all.trim()}`);

  const [checkMs, check] = await timed(() => labCli(['check', '--wait', '--json', '--component', 'worker', '--cause', 'oom-killed'], env));
  let report: CheckJson | undefined;
  try {
    report = JSON.parse(check.stdout) as CheckJson;
  } catch {
    problems.push(`check --wait printed no report (exit ${check.exitCode})`);
  }
  if (report && (check.exitCode !== 0 || !report.solved)) {
    const failing = report.criteria.filter((c) => !c.passed).map((c) => c.id);
    problems.push(`check --wait exited ${check.exitCode}, failing ${failing.join(', ') || 'none'}`);
  }
  return { index, upMs, fixMs, checkMs, roundMs: performance.now() - started, problems };
}
