import { removeImage, removeLabResources, requireDaemon } from '../docker/engine.js';
import type { StepReporter } from '../lab/progress.js';
import { readBaseline, removeLabState, removeStateDirIfEmpty } from '../lab/state.js';
import { IMAGE, LOCAL_BASE_IMAGE } from '../project/names.js';
import type { Catalog } from '../scenario/contract.js';

export interface DownResult {
  removed: { containers: number; volumes: number; networks: number };
  images: string[];
  /** What went from the state directory, what stayed, and the lab shells still open (their shim and history stay). */
  state: { removed: string[]; kept: string[]; openShells: number[] };
}

/** The containers `down` removes: every outage's (they share the project; a broken state file must not hide one). */
export const labContainers = (catalog: Catalog) => [...new Set(catalog.ids.flatMap((id) => catalog.find(id)!.lab.containers))];

/** `down`: the lab's containers, network and volumes, its state (the history unless kept), and with `images` its images. */
export async function downLab(catalog: Catalog, options: { images: boolean; keepHistory: boolean }, reporter: StepReporter): Promise<DownResult> {
  await requireDaemon();
  const removed = await reporter.step('Remove the lab', () => removeLabResources(labContainers(catalog)));
  const images = options.images ? await reporter.step("Remove the lab's images", () => removeImages()) : [];
  const state = await reporter.step("Remove the lab's state", async () => removeLabState({ keepHistory: options.keepHistory }));
  return { removed, images, state };
}

async function removeImages(): Promise<string[]> {
  const removed: string[] = [];
  for (const image of [IMAGE, LOCAL_BASE_IMAGE]) if (await removeImage(image)) removed.push(image);
  return removed;
}

/** After the lock is gone: the state directory goes too when the lab left nothing else in it. */
export const removeEmptyStateDir = (): boolean => removeStateDirIfEmpty();

/** The outage `down`'s help speaks of: the one up, else the default. */
export function scenarioUpOrDefault(catalog: Catalog) {
  try {
    const read = readBaseline(catalog);
    return read.kind === 'ok' ? read.scenario : catalog.find(undefined)!;
  } catch {
    return catalog.find(undefined)!; // a state file refused (a link, someone else's): the command says so itself
  }
}
