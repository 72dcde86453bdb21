import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, LAB_STATES } from '../../src/cli/exit-codes.js';

/** The commands main.ts registers, read from its source (importing it would run the CLI). */
const registered = [...readFileSync(join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts'), 'utf8').matchAll(/\b(\w+)Command\(\)/g)].map((match) => match[1]);

describe('the exit-code table', () => {
  it('has a row for every command the CLI registers, and no other', () => {
    expect(new Set(Object.keys(EXIT_CODES))).toEqual(new Set(registered));
  });
});
