import type { RootCauseQuestion } from './contract.js';
import type { Statement } from './judge.js';

/**
 * One outage's root-cause question, as data: two prompts, the components in the order an export
 * passes them, the causes (offered in alphabetical order, so a choice's position never points at
 * the answer), the answer, and a hint for each wrong choice that sends the learner back to the
 * evidence without naming the answer.
 */
export interface RootCauseSpec<C extends string, K extends string, A extends { component: C; cause: K }> {
  prompts: { component: string; cause: string };
  components: Readonly<Record<C, string>>;
  causes: Readonly<Record<K, string>>;
  answer: A;
  /** The hint when the learner named another component. */
  wrongComponent: (component: Exclude<C, A['component']>) => string;
  /** The hint for each wrong cause of the right component. */
  wrongCause: (cause: Exclude<K, A['cause']>) => string;
}

/** What the outage adds from what it observed: lines on a wrong answer, and the proof on the right one. */
export interface RootCauseEvidence<C extends string> {
  onWrongComponent?: (component: C) => string[];
  onWrongCause?: (component: C) => string[];
  proof: () => string[];
}

export interface RootCauseJudgement {
  passed: boolean;
  evidence: string[];
  hint?: string;
}

export function defineRootCause<C extends string, K extends string, A extends { component: C; cause: K }>(spec: RootCauseSpec<C, K, A>) {
  const components = Object.keys(spec.components) as C[];
  const causes = (Object.keys(spec.causes) as K[]).sort();
  const isComponent = (value: string): value is C => (components as string[]).includes(value);
  const isCause = (value: string): value is K => (causes as string[]).includes(value);
  const howToState =
    'Run `async-outage-lab check` in a terminal and answer its two questions, or pass ' +
    `\`--component <${components.join('|')}>\` and \`--cause <${causes.join('|')}>\`.`;
  const question: RootCauseQuestion = {
    components,
    causes,
    questions: [
      { key: 'component', prompt: spec.prompts.component, choices: components.map((value) => ({ value, label: spec.components[value] })) },
      { key: 'cause', prompt: spec.prompts.cause, choices: causes.map((value) => ({ value, label: spec.causes[value] })) },
    ],
    criterionId: 'root-cause',
  };

  /** Judges a statement (the one given now, or the kept one). Pure. */
  function judge(statement: Statement | undefined, observed: RootCauseEvidence<C>): RootCauseJudgement {
    if (!statement) return { passed: false, evidence: ['no root cause stated yet'], hint: howToState };
    const { component, cause } = statement;
    if (!isComponent(component) || !isCause(cause)) {
      const wrong = !isComponent(component) ? `component "${component}"` : `cause "${cause}"`;
      return { passed: false, evidence: [`the stated ${wrong} is not one of the answers`], hint: howToState };
    }
    const stated = `you stated: ${component}, ${spec.causes[cause]}`;
    if (component !== spec.answer.component) {
      return {
        passed: false,
        evidence: [stated, ...(observed.onWrongComponent?.(component) ?? [])],
        hint: spec.wrongComponent(component as Exclude<C, A['component']>),
      };
    }
    if (cause !== spec.answer.cause) {
      return { passed: false, evidence: [stated, ...(observed.onWrongCause?.(component) ?? [])], hint: spec.wrongCause(cause as Exclude<K, A['cause']>) };
    }
    return { passed: true, evidence: [stated, ...observed.proof()] };
  }

  return {
    COMPONENTS: components,
    CAUSES: causes,
    ANSWER: spec.answer,
    componentLabels: spec.components,
    causeLabels: spec.causes,
    question,
    isComponent,
    isCause,
    judge,
  };
}
