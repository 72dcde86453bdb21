import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { labBaseline } from '../../fixtures/snapshots/lab.js';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { ExitCode, type LabError } from '../../src/errors.js';
import { writeBaseline } from '../../src/lab/state.js';
import { catalog } from '../../src/scenarios/index.js';
import { refuseBeforeDiagnosis } from '../../src/usecases/demo.js';

/** The commands main.ts registers, read from its source (importing it would run the CLI). */
const registered = [...readFileSync(join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts'), 'utf8').matchAll(/\b(\w+)Command\(\)/g)].map(
  (match) => match[1],
);

describe('the exit-code table', () => {
  it('has a row for every command the CLI registers, and no other', () => {
    expect(new Set(Object.keys(EXIT_CODES))).toEqual(new Set(registered));
  });
});

describe('demo before a diagnosis', () => {
  const home = mkdtempSync(join(tmpdir(), 'aol-demo-'));
  const refusal = () => {
    try {
      refuseBeforeDiagnosis(catalog);
      return 'runs';
    } catch (error) {
      return (error as LabError).exitCode;
    }
  };
  beforeEach(() => vi.stubEnv('ASYNC_OUTAGE_LAB_HOME', home));
  afterEach(() => vi.unstubAllEnvs());

  it('says there is no lab (exit 3, as the table says), runs only once a root cause is stated', () => {
    expect(refusal()).toBe(EXIT_CODES.demo.none);
    expect(EXIT_CODES.demo.none).toBe(ExitCode.environment);
    writeBaseline(labBaseline());
    expect(refusal()).toBe(EXIT_CODES.demo.broken);
    writeBaseline({ ...labBaseline(), statement: { component: 'worker', cause: 'lost-jobs', at: '2026-11-24T04:27:00Z' } });
    expect(refusal()).toBe('runs');
  });
});
