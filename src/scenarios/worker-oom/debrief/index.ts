import type { DebriefBook } from '../../../lab/debrief-types.js';
import { workerOomDemos } from '../demos/index.js';

export const workerOomDebrief: DebriefBook = {
  questions: workerOomDemos.map((demo) => ({ question: demo.question, demo: demo.name })),
};
