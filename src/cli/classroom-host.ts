import { environmentError } from '../errors.js';

/** The instructor's side enters sandboxes' network namespaces (nsenter): Linux and root only. */
export function requireClassroomHost(): void {
  if (process.platform !== 'linux') {
    throw environmentError(
      'A classroom runs on a Linux Docker host.',
      "Run the classroom commands on the workshop's Linux host (each learner then needs only a terminal).",
    );
  }
  if (process.getuid?.() !== 0) {
    throw environmentError("The classroom commands need root: they enter each sandbox's network to run and grade its lab.", 'Run them with sudo.');
  }
}
