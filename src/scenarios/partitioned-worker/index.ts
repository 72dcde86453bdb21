import { stackStateSchema } from '../../kits/celery-redis/baseline.js';
import { CONTAINERS, DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from '../../kits/celery-redis/figures.js';
import { classifyCommand } from '../../kits/celery-redis/rules/docker-commands.js';
import { defineScenario } from '../../scenario/contract.js';
import { baselineSchema } from './baseline.js';
import { briefing } from './briefing.js';
import { partitionedWorkerClassroom } from './classroom.js';
import { criterionIds, criterionTitles, judge } from './criteria/index.js';
import { rootCause } from './criteria/root-cause.js';
import { partitionedWorkerDebrief } from './debrief.js';
import { healthcheckDemo } from './demos/healthcheck.js';
import { partitionedWorkerDrain } from './drain.js';
import { DEFAULT_BACKLOG } from './figures.js';
import { partitionedWorkerHints, readHintFacts } from './hints.js';
import { buildCheckReport, type CheckReport, figuresLine, partitionFiguresSchema, SPOILER } from './report.js';
import { runningLab } from './running.js';
import { partitionedWorkerStack, stagePartitionedWorker } from './stage.js';
import { partitionedWorkerStatus } from './status.js';
import { partitionedWorkerTexts } from './texts.js';

/** Every container is Up, and nothing consumes the export queue. */
export const partitionedWorker = defineScenario({
  id: 'partitioned-worker',
  title: 'Everything is Up, nothing is consumed',
  difficulty: 'Medium',
  reported: 'Exports stopped arriving twenty minutes ago, yet every container is Up and nothing has restarted.',
  texts: partitionedWorkerTexts,
  lab: {
    containers: CONTAINERS,
    defaults: { backlog: DEFAULT_BACKLOG, sitePort: DEFAULT_WEB_PORT, trafficIntervalMs: DEFAULT_CUSTOMER_INTERVAL_MS },
    baselineSchema: stackStateSchema(baselineSchema),
    publishedHttp: { container: 'web', containerPort: 8080 },
  },
  ruleBreak: classifyCommand,
  up: {
    stack: partitionedWorkerStack,
    stage: stagePartitionedWorker,
    briefing,
    record: (baseline) => ({ queueDepth: baseline.backlog.depthAtHandover, seedMs: baseline.backlog.seedMs, partitionedAt: baseline.worker.finishedAt }),
    running: runningLab,
  },
  check: {
    rootCause: rootCause.question,
    drain: partitionedWorkerDrain,
    criteria: { ids: criterionIds, titles: criterionTitles, judge },
    report: {
      build: buildCheckReport,
      figuresSchema: partitionFiguresSchema,
      figuresLine: (report, showNetworks) => figuresLine(report as CheckReport, showNetworks),
      spoilers: SPOILER,
    },
  },
  status: partitionedWorkerStatus,
  hint: { ...partitionedWorkerHints, facts: readHintFacts },
  debrief: partitionedWorkerDebrief,
  demos: [healthcheckDemo],
  classroom: partitionedWorkerClassroom,
});
