/**
 * Alert rules over a recorded series of signal readings, as a monitoring system evaluates them:
 * a condition on one signal that must hold for a while before the rule fires. Pure.
 */
export interface SignalReading {
  /** Seconds since the recording began. */
  atS: number;
  values: Readonly<Record<string, number>>;
}

export interface AlertRule {
  signal: string;
  /** Fires when the value is at or above (`>=`) or below (`<`) the threshold... */
  op: '>=' | '<';
  threshold: number;
  /** ...without a break for this many seconds (0: on the first reading that breaches it). */
  forS: number;
  /** The rule as an on-call engineer would write it. */
  text: string;
}

export const breaches = (rule: AlertRule, value: number) => (rule.op === '>=' ? value >= rule.threshold : value < rule.threshold);

/** When the rule first fires (seconds), or undefined when it never does within the readings. */
export function firstFiring(readings: readonly SignalReading[], rule: AlertRule): number | undefined {
  let since: number | undefined;
  for (const reading of readings) {
    const value = reading.values[rule.signal];
    if (value === undefined || !breaches(rule, value)) {
      since = undefined;
      continue;
    }
    since ??= reading.atS;
    if (reading.atS - since >= rule.forS) return reading.atS;
  }
  return undefined;
}

/** The first reading at which `signal` reaches `target` (seconds), or undefined. */
export function firstReaching(readings: readonly SignalReading[], signal: string, target: number): number | undefined {
  return readings.find((reading) => (reading.values[signal] ?? -Infinity) >= target)?.atS;
}

export interface RuleOutcome {
  rule: AlertRule;
  /** Seconds since the recording began; null: did not fire. */
  firedAtS: number | null;
  /** Seconds after the incident began (null: did not fire). */
  afterIncidentS: number | null;
  /** Seconds before the milestone (positive: before it; null when either is missing). */
  leadS: number | null;
}

const round = (s: number) => Math.round(s * 10) / 10;

/**
 * Each rule's firing time against when the incident began and when it reached a milestone, and
 * which fired first. Pure.
 */
export function compareRules(
  readings: readonly SignalReading[],
  rules: readonly AlertRule[],
  incidentAtS: number | undefined,
  milestoneAtS: number | undefined,
): { outcomes: RuleOutcome[]; first: RuleOutcome | undefined } {
  const outcomes = rules.map((rule) => {
    const fired = firstFiring(readings, rule);
    return {
      rule,
      firedAtS: fired === undefined ? null : round(fired),
      afterIncidentS: fired === undefined || incidentAtS === undefined ? null : round(fired - incidentAtS),
      leadS: fired === undefined || milestoneAtS === undefined ? null : round(milestoneAtS - fired),
    };
  });
  const fired = outcomes.filter((outcome) => outcome.firedAtS !== null).sort((a, b) => (a.firedAtS ?? 0) - (b.firedAtS ?? 0));
  return { outcomes, first: fired[0] };
}
