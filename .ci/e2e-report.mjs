// What .ci/run needs from the end-to-end files and vitest's JSON reports, in one place:
//   node .ci/e2e-report.mjs scenarios                       every outage's id (src/scenarios/<id>/)
//   node .ci/e2e-report.mjs files FILTER...                 the e2e files vitest would run for these filters
//   node .ci/e2e-report.mjs estimate REPORT FILTER...       seconds those files took in REPORT (an earlier leg)
//   node .ci/e2e-report.mjs summary REPORT LEG              counts, then each file's and each scenario's wall time
// A file's scenario is the outage id its path names (test/e2e/<id>/..., 40-playthrough-<id>.test.ts),
// else the one its top describe names as a prefix (`<id>: ...`), else the default outage (the first
// id, the one `up` stages without an id).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const e2eDir = join(root, 'test', 'e2e');

function scenarios() {
  const dir = join(root, 'src', 'scenarios');
  const ids = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
  // The default outage first: the one src/scenarios/index.ts stages when `up` names none.
  const index = readFileSync(join(dir, 'index.ts'), 'utf8');
  const active = index.match(/DEFAULT_SCENARIO_ID\s*=\s*(\w+)\.id/)?.[1];
  const first = ids.find((id) => active && id.replace(/-(\w)/g, (_, c) => c.toUpperCase()) === active);
  return first ? [first, ...ids.filter((id) => id !== first)] : ids;
}

function e2eFiles(dir = e2eDir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? e2eFiles(path) : name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

/** vitest's filters: a file runs when its path contains any of them (all files when none). */
const matching = (filters) => e2eFiles().filter((path) => filters.length === 0 || filters.some((filter) => path.includes(filter)));

function scenarioOf(path, topDescribe = '') {
  const ids = scenarios();
  const rel = relative(e2eDir, path);
  return ids.find((id) => rel.includes(id)) ?? ids.find((id) => topDescribe.startsWith(`${id}:`)) ?? ids[0];
}

const readReport = (path) => JSON.parse(readFileSync(path, 'utf8'));
const seconds = (file) => Math.round((file.endTime - file.startTime) / 1000);

const [command, ...args] = process.argv.slice(2);
if (command === 'scenarios') {
  console.log(scenarios().join('\n'));
} else if (command === 'files') {
  console.log(
    matching(args)
      .map((path) => relative(root, path))
      .join('\n'),
  );
} else if (command === 'estimate') {
  const [report, ...filters] = args;
  const took = new Map(readReport(report).testResults.map((file) => [file.name, seconds(file)]));
  // A file the earlier leg did not run costs what its slowest file did: an estimate errs long.
  const slowest = Math.max(0, ...took.values());
  console.log(matching(filters).reduce((sum, path) => sum + (took.get(path) ?? slowest), 0));
} else if (command === 'summary') {
  const [report, leg] = args;
  const r = readReport(report);
  console.log(
    `${r.numTotalTests} tests in ${r.testResults.length} files: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
  const byScenario = new Map();
  for (const file of r.testResults) {
    const scenario = scenarioOf(file.name, file.assertionResults[0]?.ancestorTitles?.[0]);
    const failed = file.assertionResults.filter((a) => a.status === 'failed').length;
    console.log(
      `ci: leg ${leg}:   ${relative(e2eDir, file.name)} (${scenario}) ${seconds(file)} s, ${file.assertionResults.length} tests${failed ? `, ${failed} failed` : ''}`,
    );
    // A failure's name and the first lines of its message, so the summary alone says what broke.
    for (const a of file.assertionResults.filter((a) => a.status === 'failed')) {
      console.log(`ci: leg ${leg}:     failed: ${a.fullName}`);
      const lines = (a.failureMessages ?? [])
        .join('\n')
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      // The error's first line, what it expected, and where in the test file it failed.
      const expected = lines.filter((line, i) => i > 0 && /expected|Error:|Timed out/.test(line)).slice(0, 3);
      const where = lines.find((line) => /^at .*\.test\.ts:\d+/.test(line));
      const clip = (line) => (line.length <= 240 ? line : /expected/.test(line.slice(-240)) ? `…${line.slice(-240)}` : `${line.slice(0, 240)}…`);
      for (const line of [lines[0], ...expected, where].filter(Boolean)) console.log(`ci: leg ${leg}:       ${clip(line)}`);
    }
    const sum = byScenario.get(scenario) ?? { s: 0, files: 0, failed: 0 };
    byScenario.set(scenario, { s: sum.s + seconds(file), files: sum.files + 1, failed: sum.failed + failed });
  }
  for (const [scenario, sum] of byScenario) {
    console.log(`ci: leg ${leg}: scenario ${scenario}: ${sum.s} s in ${sum.files} files${sum.failed ? `, ${sum.failed} tests failed` : ''}`);
  }
} else {
  console.error('usage: node .ci/e2e-report.mjs scenarios | files FILTER... | estimate REPORT FILTER... | summary REPORT LEG');
  process.exit(2);
}
