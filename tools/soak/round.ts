import { timed } from '../../src/measure.js';
import { labCli } from '../playthrough/learner.js';
import type { PlaythroughScript } from '../playthrough/script.js';

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
  criteria: Array<{ id: string; passed: boolean }>;
}

const lastLines = (text: string) => text.trimEnd().split('\n').slice(-3).join(' / ');

/**
 * up (first round) or reset -> the broken state, checked through the docker CLI -> the card's fix
 * as the outage's playthrough script types it -> `check --wait`, which must grade it solved (exit 0)
 * with every criterion passed.
 */
export async function soakRound(index: number, scenarioId: string, script: PlaythroughScript, env: NodeJS.ProcessEnv, sitePort: number): Promise<RoundResult> {
  const started = performance.now();
  const problems: string[] = [];
  const args = index === 0 ? ['up', scenarioId] : ['reset'];
  const [upMs, up] = await timed(() => labCli([...args, '--json'], env));
  if (up.exitCode !== 0) problems.push(`${args.join(' ')} exited ${up.exitCode}: ${lastLines(up.all)}`);
  else await script.brokenState(sitePort).catch((error: Error) => problems.push(...error.message.split('\n')));

  const [fixMs, fix] = await timed(() => labCli(['shell', '-c', script.fix.command], env));
  if (fix.exitCode !== 0) problems.push(`the fix exited ${fix.exitCode}: ${lastLines(fix.all)}`);

  const [component, cause] = script.statement;
  const [checkMs, check] = await timed(() => labCli(['check', '--wait', '--json', '--component', component, '--cause', cause], env));
  let report: CheckJson | undefined;
  try {
    report = JSON.parse(check.stdout) as CheckJson;
  } catch {
    problems.push(`check --wait printed no report (exit ${check.exitCode})`);
  }
  if (report && !Array.isArray(report.criteria)) {
    // A failure's JSON (no lab, no daemon) carries an error, not criteria.
    problems.push(`check --wait exited ${check.exitCode}: ${lastLines(check.stdout)}`);
  } else if (report && (check.exitCode !== 0 || !report.solved)) {
    const failing = report.criteria.filter((c) => !c.passed).map((c) => c.id);
    problems.push(`check --wait exited ${check.exitCode}, failing ${failing.join(', ') || 'none'}`);
  }
  return { index, upMs, fixMs, checkMs, roundMs: performance.now() - started, problems };
}
