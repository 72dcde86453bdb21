import { describe, expect, it } from 'vitest';
import { criterionIds, criterionTitles, isSolved, judge, verdictSchema } from '../../src/scenarios/worker-oom/criteria/index.js';
import { classifyCommand } from '../../src/scenarios/worker-oom/rule-breaks.js';
import { splitScript } from '../../src/shim/shell-words.js';
import { brokenSnapshot, fixedSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';

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
    expect(isSolved(verdicts)).toBe(false);
  });

  it('judges the recorded fix with the right statement as solved', () => {
    const verdicts = judge(fixedSnapshot(), baseline, answered);
    expect(verdicts.filter((v) => !v.passed)).toEqual([]);
    expect(isSolved(verdicts)).toBe(true);
  });

  it('does not call a partial list solved', () => {
    const verdicts = judge(fixedSnapshot(), baseline, answered);
    expect(isSolved(verdicts.slice(0, 4))).toBe(false);
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
    ['docker exec redis redis-cli FLUSHALL', 'erases everything Redis holds, queued jobs included'],
    ['docker exec -it redis redis-cli flushdb', 'erases everything Redis holds, queued jobs included'],
    ['docker exec redis redis-cli DEL celery', 'deletes queued jobs'],
    ['docker exec redis redis-cli LTRIM celery 0 0', 'deletes queued jobs'],
    ['docker exec redis sh -c "redis-cli del celery"', 'deletes queued jobs'],
    ['docker exec redis redis-cli RPOP celery', 'takes jobs off the queue by hand (they are never processed)'],
    ['docker exec worker celery -A exports purge -f', 'purges the queue'],
    ['docker restart web', 'restarts web, which was healthy'],
    ['docker container stop redis', 'stops redis, which was healthy'],
    ['docker rm -f web redis', 'removes web and redis, which were healthy'],
    ['docker compose restart', 'restarts web and redis, which were healthy'],
    ['docker-compose -p async-outage-lab up -d --force-recreate web', 'recreates web, which was healthy'],
    ['docker volume rm async-outage-lab_ledger', 'removes async-outage-lab_ledger: the lab keeps its ledger, queue and exports on volumes'],
  ])('marks `%s`', (command, _reason) => {
    expect(classify(command)).toEqual(expect.any(String));
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
