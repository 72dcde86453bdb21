import { describe, expect, it } from 'vitest';
import { brokenSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';
import { CAUSES, COMPONENTS, causeLabels, componentLabels, judgeRootCause, rootCauseQuestions } from '../../src/scenarios/worker-oom/criteria/index.js';

const baseline = labBaseline();
const judgeWith = (component?: string, cause?: string) =>
  judgeRootCause(brokenSnapshot(), baseline, { waited: false, statement: component && cause ? { component, cause } : undefined });

describe('root-cause', () => {
  it('passes for the worker, OOM-killed, and recalls what the outage showed', () => {
    const verdict = judgeWith('worker', 'oom-killed');
    expect(verdict.passed).toBe(true);
    expect(verdict.hint).toBeUndefined();
    expect(verdict.evidence).toEqual([
      'you stated: worker, it was killed for going over the memory it is allowed',
      'at the outage the worker exited with code 137, State.OOMKilled=true, at 04:26:20 UTC',
    ]);
  });

  it('fails until a cause is stated, and says how to state one', () => {
    const verdict = judgeWith();
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual(['no root cause stated yet']);
    expect(verdict.hint).toContain('--component <web|redis|worker>');
    expect(verdict.hint).toContain('--cause <crashed-with-error|lost-jobs|lost-network|oom-killed|stopped-cleanly>');
    expect(verdict.hint).toContain('answer its two questions');
  });

  it('takes a statement kept in the baseline from an earlier check', () => {
    const kept = { ...baseline, statement: { component: 'worker', cause: 'oom-killed', at: '2026-11-24T04:27:00Z' } };
    expect(judgeRootCause(brokenSnapshot(), kept, { waited: false }).passed).toBe(true);
  });

  it.each(['web', 'redis'])('nudges toward `docker ps -a` when %s is blamed, showing it is healthy', (component) => {
    const verdict = judgeWith(component, 'crashed-with-error');
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[1]).toMatch(
      component === 'web' ? /^web right now: running, GET \/ answered 200$/ : /^redis right now: running, PING answered PONG$/,
    );
    expect(verdict.hint).toContain('`docker ps -a`');
    expect(verdict.hint).toContain('not Up');
    // The nudge must not name the answer.
    expect(verdict.hint).not.toMatch(/worker|oom/i);
  });

  it.each(CAUSES.filter((cause) => cause !== 'oom-killed'))('with the right container but cause %s, points at exit code 137 and OOMKilled', (cause) => {
    const verdict = judgeWith('worker', cause);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual([`you stated: worker, ${causeLabels[cause]}`]);
    expect(verdict.hint).toContain('Right container, wrong cause.');
    expect(verdict.hint).toContain("docker inspect worker --format '{{.State.ExitCode}} {{.State.OOMKilled}}'");
    expect(verdict.hint).toContain('137');
    expect(verdict.hint).not.toContain('oom-killed');
  });

  it('gives a different first nudge for each wrong cause', () => {
    const hints = CAUSES.filter((cause) => cause !== 'oom-killed').map((cause) => judgeWith('worker', cause).hint);
    expect(new Set(hints).size).toBe(CAUSES.length - 1);
  });

  it('rejects answers outside the list, naming the allowed ones', () => {
    const verdict = judgeWith('database', 'oom-killed');
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual(['the stated component "database" is not one of the answers']);
    expect(verdict.hint).toContain('web|redis|worker');
    expect(judgeWith('worker', 'gremlins').evidence).toEqual(['the stated cause "gremlins" is not one of the answers']);
  });

  it('exports the allowed answers with a label each, for the interactive question', () => {
    expect(COMPONENTS).toEqual(['web', 'redis', 'worker']);
    expect(CAUSES).toEqual(['crashed-with-error', 'lost-jobs', 'lost-network', 'oom-killed', 'stopped-cleanly']);
    for (const component of COMPONENTS) expect(componentLabels[component]).toMatch(new RegExp(`^${component}: `));
    for (const cause of CAUSES) expect(causeLabels[cause].length).toBeGreaterThan(10);
    expect(rootCauseQuestions.map((question) => question.choices.map((choice) => choice.value))).toEqual([[...COMPONENTS], [...CAUSES]]);
  });

  it.each([
    ['component', 'worker'],
    ['cause', 'oom-killed'],
  ] as const)('asks the %s as a real question: the answer is neither first nor the longest, most specific choice', (key, answer) => {
    const choices = rootCauseQuestions.find((question) => question.key === key)!.choices;
    const labels = choices.map((choice) => choice.label);
    const answerLabel = choices.find((choice) => choice.value === answer)!.label;
    expect(choices[0]!.value).not.toBe(answer);
    expect(choices.length).toBeGreaterThanOrEqual(3);
    expect(answerLabel.length).toBeLessThan(Math.max(...labels.filter((label) => label !== answerLabel).map((label) => label.length)));
  });

  it('offers the wrong causes a tired on-call engineer would pick: redis losing the jobs, a bad deploy, a network split', () => {
    const labels = Object.values(causeLabels).join(' ');
    for (const distractor of [/lost the jobs/, /bad deploy/, /cannot reach the others/]) expect(labels).toMatch(distractor);
  });

  it.each(COMPONENTS.flatMap((component) => CAUSES.map((cause) => [component, cause] as const)))(
    'grades %s, %s: only the worker killed for its memory passes',
    (component, cause) => {
      const verdict = judgeWith(component, cause);
      expect(verdict.passed).toBe(component === 'worker' && cause === 'oom-killed');
      expect(verdict.evidence[0]).toBe(`you stated: ${component}, ${causeLabels[cause]}`);
      if (!verdict.passed) expect(verdict.hint).not.toMatch(/oom-killed|memory/i);
    },
  );
});
