import { describe, expect, it } from 'vitest';
import { brokenSnapshot, fixedSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';
import { gradeOf } from '../../src/checks/grade.js';
import { classifyCommand } from '../../src/kits/celery-redis/rules/docker-commands.js';
import { criterionIds, criterionTitles, judge, verdictSchema } from '../../src/scenarios/worker-oom/criteria/index.js';
import { splitScript } from '../../src/shim/shell-words.js';

const baseline = labBaseline();
const answered = { waited: false, statement: { component: 'worker', cause: 'oom-killed' } };

describe('judge', () => {
  it('returns one valid verdict per criterion, in order', () => {
    const verdicts = judge(brokenSnapshot(), baseline, { waited: false });
    expect(verdicts.map((v) => v.id)).toEqual([...criterionIds]);
    expect(verdicts.map((v) => v.title)).toEqual(criterionIds.map((id) => criterionTitles[id]));
    for (const verdict of verdicts) expect(verdictSchema.parse(verdict)).toEqual(verdict);
  });

  it('judges the broken lab: only web/redis and the ledger pass; every failure has evidence and a hint', () => {
    const verdicts = judge(brokenSnapshot(), baseline, { waited: false });
    expect(Object.fromEntries(verdicts.map((v) => [v.id, v.passed]))).toEqual({
      'root-cause': false,
      'web-redis-untouched': true,
      'no-job-discarded': true,
      'worker-headroom': false,
      'backlog-draining': false,
    });
    for (const verdict of verdicts) {
      expect(verdict.evidence.length).toBeGreaterThan(0);
      if (verdict.passed) expect(verdict.hint).toBeUndefined();
      else expect(verdict.hint).toBeTruthy();
    }
    expect(gradeOf(verdicts)).toEqual({ solved: false, exitCode: 1, passed: 2, total: 5 });
  });

  it('judges the recorded fix with the right statement as solved', () => {
    const verdicts = judge(fixedSnapshot(), baseline, answered);
    expect(verdicts.filter((v) => !v.passed)).toEqual([]);
    expect(gradeOf(verdicts)).toEqual({ solved: true, exitCode: 0, passed: 5, total: 5 });
  });

  it('does not call one failing criterion, or no criteria at all, solved', () => {
    const verdicts = judge(fixedSnapshot(), baseline, answered);
    expect(gradeOf([...verdicts.slice(0, 4), { ...verdicts[4]!, passed: false }])).toMatchObject({ solved: false, exitCode: 1, passed: 4 });
    expect(gradeOf([])).toEqual({ solved: false, exitCode: 1, passed: 0, total: 0 });
  });

  it('never gives the fix away in a hint', () => {
    const verdicts = judge(brokenSnapshot(), baseline, { waited: false });
    for (const verdict of verdicts) expect(verdict.hint ?? '').not.toMatch(/docker update|docker start worker|--memory \d|512m/);
  });
});

describe('the transcript marks rule breaks (classifyCommand)', () => {
  const classify = (command: string) => {
    const [argv = []] = splitScript(command);
    const program = argv[0] === 'docker-compose' ? 'docker-compose' : 'docker';
    return classifyCommand(argv.slice(1), program);
  };
  it.each([
    ['docker exec redis redis-cli FLUSHALL', 'flushed Redis with FLUSHALL (the queued exports are real work and must be processed, not thrown away)'],
    ['docker exec -it redis redis-cli flushdb', 'flushed Redis with FLUSHDB (the queued exports are real work and must be processed, not thrown away)'],
    ['docker exec redis redis-cli DEL celery', 'deleted the celery queue with DEL (the backlog must be drained by the worker, not discarded)'],
    ['docker exec redis redis-cli LTRIM celery 0 0', 'removed queued jobs with LTRIM (the backlog must be drained by the worker, not discarded)'],
    ['docker exec redis sh -c "redis-cli del celery"', 'deleted the celery queue with DEL (the backlog must be drained by the worker, not discarded)'],
    ['docker exec redis redis-cli RPOP celery', 'removed queued jobs with RPOP (the backlog must be drained by the worker, not discarded)'],
    ['docker exec worker celery -A exports purge -f', 'purged the queue with celery purge (the backlog must be drained by the worker, not discarded)'],
    ['docker restart web', 'restarted web (web was healthy all along; the fix leaves it alone)'],
    ['docker container stop redis', 'stopped redis (redis was healthy and holds the backlog; the fix leaves it alone)'],
    ['docker rm -f web redis', 'removed web and redis (web and redis were healthy all along; the fix leaves them alone)'],
    ['docker compose restart', 'restarted web and redis (web and redis were healthy all along; the fix leaves them alone)'],
    ['docker-compose -p async-outage-lab up -d --force-recreate web', 'recreated web (web was healthy all along; the fix leaves it alone)'],
    ['docker volume rm async-outage-lab_ledger', 'removed Docker volumes (redis keeps the queued exports on one; they must survive)'],
  ])('marks `%s`: %s', (command, reason) => {
    expect(classify(command)).toBe(reason);
  });

  it.each([
    'docker ps -a',
    "docker inspect worker --format '{{.State.OOMKilled}} / {{.State.ExitCode}}'",
    'docker exec redis redis-cli LLEN celery',
    'docker exec redis redis-cli INFO commandstats',
    'docker logs worker',
    'docker update --memory 512m --memory-swap 512m worker',
    'docker start worker',
    'docker rm worker',
    'docker compose up -d worker',
    'docker restart worker',
  ])('leaves `%s` alone', (command) => {
    expect(classify(command)).toBeUndefined();
  });
});
