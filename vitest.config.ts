import { defineConfig } from 'vitest/config';

// The lab writes the commands it prints as the user launched it (npx or installed; see
// src/cli/invocation.ts). Tests assert the installed form, whether vitest itself ran under npx or npm.
const INSTALLED = { npm_command: '' };

export default defineConfig({
  test: {
    projects: [
      {
        // A few unit tests start the CLI as a process: on a loaded 2-core machine that alone can pass
        // vitest's default 5 s, so the limit is set by what a start may cost, not by the test's work.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', env: INSTALLED, testTimeout: 30_000 },
      },
      {
        // One real lab per machine: the end-to-end files run one at a time, in order.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          env: INSTALLED,
          fileParallelism: false,
          sequence: { concurrent: false },
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
