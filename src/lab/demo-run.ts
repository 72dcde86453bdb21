import { createDemoNetwork, removeDemoResources } from '../docker/demo-containers.js';
import { imageExists, requireDaemon } from '../docker/engine.js';
import { environmentError } from '../errors.js';
import { IMAGE } from '../project/names.js';
import type { Demo, DemoContext, DemoOutcome } from '../scenario/demo.js';

/**
 * Runs one demo on containers of its own: clears what an earlier, interrupted run of it left,
 * gives it its own network, and removes everything carrying its label afterwards, whether it
 * finished, failed or was stopped. The learner's containers carry no demo label and are never touched.
 */
export async function runDemo(demo: Demo, say: (text: string) => void, signal: AbortSignal): Promise<{ outcome: DemoOutcome; removed: string[] }> {
  await requireDaemon();
  if (!(await imageExists(IMAGE))) {
    throw environmentError(
      `The lab's image ${IMAGE} does not exist on this Docker engine.`,
      'Run `async-outage-lab up` first: it builds the image the demos run.',
    );
  }
  await removeDemoResources(demo.name);
  const context: DemoContext = { demo: demo.name, image: IMAGE, say, signal };
  try {
    await createDemoNetwork(`aol-demo-${demo.name}`, demo.name);
    const outcome = await demo.run(context);
    const removed = await removeDemoResources(demo.name);
    return { outcome, removed: removed.containers };
  } finally {
    // Also on failure and on Ctrl-C; a second removal of what is gone is a no-op.
    await removeDemoResources(demo.name);
  }
}
