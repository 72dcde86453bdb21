import { describe, expect, it } from 'vitest';
import { brokenSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';
import { reportFor } from '../../fixtures/snapshots/report.js';

describe('the exported report schema', () => {
  it('is importable by scripts as async-outage-lab/report-schema and parses a real report', async () => {
    const exported = (await import('async-outage-lab/report-schema' as string)) as typeof import('../../src/report-schema.js');
    const report = reportFor({ snapshot: brokenSnapshot(), baseline: labBaseline(), context: { waited: false } });
    const parsed = exported.checkReportSchema.parse(JSON.parse(JSON.stringify(report)));
    expect(parsed.solved).toBe(false);
    expect(() => exported.checkReportSchema.parse({ ...report, exitCode: 0 })).toThrow();
  });
});
