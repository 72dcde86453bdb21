import { stackStateSchema } from '../../kits/celery-redis/baseline.js';
import { celeryRedisDrain } from '../../kits/celery-redis/drain.js';
import { CONTAINERS, DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from '../../kits/celery-redis/figures.js';
import { classifyCommand } from '../../kits/celery-redis/rules/docker-commands.js';
import { stackStatus } from '../../kits/celery-redis/status/port.js';
import { defineScenario } from '../../scenario/contract.js';
import { baselineSchema } from './baseline.js';
import { briefing } from './briefing.js';
import { workerOomClassroom } from './classroom.js';
import { criterionIds, criterionTitles, judge } from './criteria/index.js';
import { rootCause } from './criteria/root-cause.js';
import { workerOomDebrief } from './debrief/index.js';
import { workerOomDemos } from './demos/index.js';
import { DEFAULT_BACKLOG } from './figures.js';
import { readHintFacts } from './hint-facts.js';
import { workerOomHints } from './hints.js';
import { buildCheckReport, type CheckReport, checkFiguresSchema, figuresLine, SPOILER } from './report.js';
import { runningLab } from './running.js';
import { workerOomStack } from './stack-files.js';
import { stageWorkerOom } from './stage.js';
import { workerOomTexts } from './texts.js';

/** The site is up, the Celery worker was OOM-killed, and the export backlog keeps growing. */
export const workerOom = defineScenario({
  id: 'worker-oom',
  title: 'The site is up, but nothing async works: a dead worker and a growing backlog',
  difficulty: 'Hard',
  reported: 'Customers say their CSV exports never arrive; the site itself is fine and accepts every export.',
  texts: workerOomTexts,
  lab: {
    containers: CONTAINERS,
    defaults: { backlog: DEFAULT_BACKLOG, sitePort: DEFAULT_WEB_PORT, trafficIntervalMs: DEFAULT_CUSTOMER_INTERVAL_MS },
    baselineSchema: stackStateSchema(baselineSchema),
    publishedHttp: { container: 'web', containerPort: 8080 },
  },
  ruleBreak: classifyCommand,
  up: {
    stack: workerOomStack,
    stage: stageWorkerOom,
    briefing,
    record: (baseline) => ({
      queueDepth: baseline.backlog.depthAtHandover,
      seedMs: baseline.backlog.seedMs,
      inFlightId: baseline.backlog.inFlightId,
      // For scripts only: the terminal's step lines say what happened, not why.
      worker: { exitCode: baseline.worker.exitCode, oomKilled: baseline.worker.oomKilled, memoryLimitBytes: baseline.worker.memoryLimitBytes },
    }),
    running: runningLab,
  },
  check: {
    rootCause: rootCause.question,
    drain: celeryRedisDrain,
    criteria: { ids: criterionIds, titles: criterionTitles, judge },
    report: {
      build: buildCheckReport,
      figuresSchema: checkFiguresSchema,
      figuresLine: (report, showLimits) => figuresLine(report as CheckReport, showLimits),
      spoilers: SPOILER,
    },
  },
  status: stackStatus,
  hint: { ...workerOomHints, facts: readHintFacts },
  debrief: workerOomDebrief,
  demos: workerOomDemos,
  classroom: workerOomClassroom,
});
