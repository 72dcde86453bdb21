import { stackStateSchema } from '../../kits/celery-redis/baseline.js';
import { CONTAINERS, DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from '../../kits/celery-redis/figures.js';
import { buildStackReport, type StackCheckReport } from '../../kits/celery-redis/report/build.js';
import { stackFigures, stackFiguresLine, stackFiguresSchema } from '../../kits/celery-redis/report/figures.js';
import { defineScenario } from '../../scenario/contract.js';
import type { ReportInput } from '../../scenario/report.js';
import { type PoisonBaseline, poisonBaselineSchema } from './baseline.js';
import { briefing } from './briefing.js';
import { poisonLoopClassroom } from './classroom.js';
import { criterionIds, criterionTitles, judge } from './criteria/index.js';
import { rootCause } from './criteria/root-cause.js';
import { poisonLoopDebrief } from './debrief.js';
import { redeliveryLimitDemo } from './demos/redelivery-limit.js';
import { DEFAULT_BACKLOG } from './figures.js';
import { poisonLoopHints, readPoisonHintFacts } from './hints.js';
import { poisonLoopDrain } from './observe.js';
import { classifyPoisonLoopCommand } from './rule-breaks.js';
import { runningLab } from './running.js';
import type { PoisonSnapshot } from './snapshot.js';
import { poisonLoopStack } from './stack-files.js';
import { stagePoisonLoop } from './stage.js';
import { poisonLoopStatus } from './status/port.js';
import { poisonLoopTexts } from './texts.js';

/** Words that give this outage's cause or fix away before a root cause is stated. */
export const SPOILER = /\b(poison\w*|segfault|sigsegv|segmentation|quarantin\w*|dead[- ]letter\w*|layout|redeliver\w*|same export)\b/i;

/** One export crashes the hardened worker each time it is delivered; restarts and redelivery make it a loop. */
export const poisonLoop = defineScenario({
  id: 'poison-loop',
  title: "Late again, after last month's fix",
  difficulty: 'Hard',
  reported: "Exports are late again since last month's fix; the worker is up one moment and down the next.",
  texts: poisonLoopTexts,
  lab: {
    containers: CONTAINERS,
    defaults: { backlog: DEFAULT_BACKLOG, sitePort: DEFAULT_WEB_PORT, trafficIntervalMs: DEFAULT_CUSTOMER_INTERVAL_MS },
    baselineSchema: stackStateSchema(poisonBaselineSchema),
    publishedHttp: { container: 'web', containerPort: 8080 },
  },
  ruleBreak: classifyPoisonLoopCommand,
  up: {
    stack: poisonLoopStack,
    stage: stagePoisonLoop,
    briefing,
    record: (baseline: PoisonBaseline) => ({
      queueDepth: baseline.backlog.depthAtHandover,
      seedMs: baseline.backlog.seedMs,
      poisonId: baseline.poison.id,
      deathsAtHandover: baseline.poison.deathsAtHandover,
    }),
    running: runningLab,
  },
  check: {
    rootCause: rootCause.question,
    drain: poisonLoopDrain,
    criteria: { ids: criterionIds, titles: criterionTitles, judge },
    report: {
      build: (input: ReportInput<PoisonSnapshot, PoisonBaseline>) => buildStackReport(input, stackFigures(input.snapshot)),
      figuresSchema: stackFiguresSchema,
      // The stack's figures give nothing of this outage away: the line is the same before and after the answer.
      figuresLine: (report) => stackFiguresLine(report as StackCheckReport),
      spoilers: SPOILER,
    },
  },
  status: poisonLoopStatus,
  hint: { ...poisonLoopHints, facts: readPoisonHintFacts },
  debrief: poisonLoopDebrief,
  demos: [redeliveryLimitDemo],
  classroom: poisonLoopClassroom,
});
