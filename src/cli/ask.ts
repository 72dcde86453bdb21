import { createInterface } from 'node:readline/promises';
import { ExitCode, LabError } from '../errors.js';
import type { Output } from './output.js';

export interface Choice {
  value: string;
  label: string;
}

/** A numbered multiple-choice question on the terminal; asks again until the answer is valid. */
export async function askChoice(output: Output, prompt: string, choices: readonly Choice[]): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    output.line(output.bold(prompt));
    choices.forEach((choice, index) => output.line(`  ${index + 1}) ${choice.label}`));
    for (;;) {
      let answer: string;
      try {
        answer = (await rl.question(`Your answer [1-${choices.length}]: `)).trim();
      } catch {
        // Ctrl-C or Ctrl-D at the prompt: no answer, and nothing was graded.
        throw new LabError('No answer given; nothing was graded.', {
          hint: 'Run `async-outage-lab check` again, or pass --component and --cause.',
          exitCode: ExitCode.usage,
        });
      }
      const byNumber = choices[Number(answer) - 1];
      const byValue = choices.find((choice) => choice.value === answer);
      const picked = /^\d+$/.test(answer) ? byNumber : byValue;
      if (picked) return picked.value;
      output.line(output.dim(`Type a number from 1 to ${choices.length}.`));
    }
  } finally {
    rl.close();
  }
}
