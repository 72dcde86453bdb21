import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, LabError } from '../errors.js';
import { statePaths } from '../project/paths.js';
import type { LabBaseline as Baseline } from '../scenario/baseline.js';
import type { AnyScenario, Catalog } from '../scenario/contract.js';
import { openShells } from './open-shells.js';
import { readStateFile, refuseUnsafe, unwritableStateDir, writeStateFile } from './state-dir.js';

export { unwritableStateDir };

export type BaselineRead = { kind: 'missing' } | { kind: 'ok'; baseline: Baseline; scenario: AnyScenario } | { kind: 'corrupt'; reason: string };

/**
 * Reads the baseline without trusting it: a broken or foreign file is reported, never thrown raw.
 * The file names its outage (`scenario`); one written before outages were named is the catalog's default.
 */
export function readBaseline(catalog: Catalog, path = statePaths().baseline): BaselineRead {
  let text: string;
  try {
    text = readStateFile(path);
  } catch (error) {
    if (error instanceof LabError) throw error; // a link or someone else's file: refused, not read
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `cannot read it: ${(error as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', reason: 'it is not valid JSON' };
  }
  const id = typeof json === 'object' && json !== null && 'scenario' in json ? (json as { scenario: unknown }).scenario : undefined;
  const scenario = typeof id === 'string' || id === undefined ? catalog.find(id) : undefined;
  if (!scenario) return { kind: 'corrupt', reason: `it names an outage this version does not know (${String(id)}; it knows ${catalog.ids.join(', ')})` };
  // The outage's own schema: a baseline without its evidence is as unusable as a foreign file.
  const parsed = scenario.lab.baselineSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { kind: 'corrupt', reason: `it is not this lab's state (${first ? `${first.path.join('.') || 'root'}: ${first.message}` : 'unknown shape'})` };
  }
  return { kind: 'ok', baseline: parsed.data as Baseline, scenario };
}

/** The lab that is up (its outage and baseline), or the error every command that needs one gives. */
export function requireBaseline(catalog: Catalog, path = statePaths().baseline): { baseline: Baseline; scenario: AnyScenario } {
  const read = readBaseline(catalog, path);
  if (read.kind === 'ok') return { baseline: read.baseline, scenario: read.scenario };
  if (read.kind === 'missing') {
    throw new LabError('The lab is not up (no state recorded).', { hint: 'Run `async-outage-lab up` first.', exitCode: ExitCode.environment });
  }
  throw unusableStateFile(path, read.reason);
}

/** A state file that cannot be read or is not this lab's. */
export function unusableStateFile(
  path: string,
  reason: string,
  hint = 'Run `async-outage-lab reset` to rebuild the outage and a fresh state (or `down` to remove it).',
): LabError {
  return new LabError(`The lab's state file ${path} is unusable: ${reason}.`, { hint, exitCode: ExitCode.environment });
}

/** Atomic write (temp file + rename), so an interrupted write never leaves half a file; mode 0600 (it holds the lab's secrets). */
export function writeBaseline(baseline: Baseline, path = statePaths().baseline): void {
  writeStateFile(path, `${JSON.stringify(baseline, null, 2)}\n`);
}

export function removeBaseline(path = statePaths().baseline): void {
  rmSync(path, { force: true });
}

/** The learner's history: the docker command logs (current, and those reset set aside) and the record of hints used. */
const isHistory = (name: string) => /^session(-.+)?\.jsonl$/.test(name) || name === 'hints.json';
/**
 * Everything else the lab writes into its state directory (the lock is its holder's to remove),
 * the files an outage keeps there (`scenario-*.json`, see `scenarioStateFile`) included.
 */
const isLabState = (name: string) =>
  /^(baseline|scenario-[a-z0-9-]+)\.json(\.\d+\.tmp)?$/.test(name) || /^hints\.json\.\d+\.tmp$/.test(name) || name === 'shim' || name === 'shell';

/** Where an outage keeps a file of its own beside the lab's state; `down` removes it with the lab. */
export const scenarioStateFile = (name: string, dir = statePaths().dir) => join(dir, `scenario-${name}.json`);

/**
 * What `down` removes from the state directory: the baseline, the recording shim, the shell's
 * startup files and (unless kept) the docker command history. Files the lab did not write stay.
 */
export function removeLabState(options: { keepHistory: boolean }, dir = statePaths().dir): { removed: string[]; kept: string[]; openShells: number[] } {
  let names: string[];
  refuseUnsafe(dir);
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: [], kept: [], openShells: [] };
    throw unwritableStateDir(dir, error);
  }
  // A lab shell still open runs docker through the shim its PATH names and counts its commands
  // on exit: while one is open, its shim, its startup files and the history stay.
  const shells = openShells(join(dir, 'shell'));
  const inUse = (name: string) => shells.length > 0 && (name === 'shim' || name === 'shell' || isHistory(name));
  const removed: string[] = [];
  const kept: string[] = [];
  for (const name of names.sort()) {
    const mine = !inUse(name) && (isLabState(name) || (isHistory(name) && !options.keepHistory));
    if (!mine) {
      if (isHistory(name)) kept.push(join(dir, name));
      continue;
    }
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return { removed, kept, openShells: shells };
}

/** Removes the state directory itself once nothing is left in it. */
export function removeStateDirIfEmpty(dir = statePaths().dir): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch {
    return false; // not empty (kept history, the learner's own files) or already gone
  }
}
