import { stackStateSchema } from '../../kits/celery-redis/baseline.js';
import { DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from '../../kits/celery-redis/figures.js';
import { defineScenario } from '../../scenario/contract.js';
import { baselineSchema } from './baseline.js';
import { briefing } from './briefing.js';
import { redisEvictionClassroom } from './classroom.js';
import { criterionIds, criterionTitles, judge } from './criteria/index.js';
import { rootCause } from './criteria/root-cause.js';
import { redisEvictionDebrief } from './debrief/index.js';
import { loudOrSilentDemo } from './demos/loud-or-silent.js';
import { redisEvictionDrain } from './drain.js';
import { BUSY_HOUR_EXPORTS } from './figures.js';
import { redisEvictionHints } from './hints.js';
import { CONTAINERS } from './observe/snapshot.js';
import { buildEvictionReport, type EvictionReport, evictionFiguresSchema, figuresLine, SPOILER } from './report.js';
import { classifyRedisEvictionCommand } from './rule-breaks.js';
import { runningLab } from './running.js';
import { redisEvictionStack } from './stack-files.js';
import { stageRedisEviction } from './stage.js';
import { redisEvictionStatus } from './status/port.js';
import { redisEvictionTexts } from './texts.js';

/** Every container is up and the queue looks healthy, while Redis, run as a cache, evicts accepted exports. */
export const redisEviction = defineScenario({
  id: 'redis-eviction',
  title: 'Exports vanish, and nothing looks wrong',
  difficulty: 'Hard',
  reported: "Some customers' exports never arrive, more after busy spells; every container is up and no log shows an error.",
  texts: redisEvictionTexts,
  lab: {
    containers: CONTAINERS,
    defaults: { backlog: BUSY_HOUR_EXPORTS, sitePort: DEFAULT_WEB_PORT, trafficIntervalMs: DEFAULT_CUSTOMER_INTERVAL_MS },
    baselineSchema: stackStateSchema(baselineSchema),
    publishedHttp: { container: 'web', containerPort: 8080 },
  },
  ruleBreak: classifyRedisEvictionCommand,
  up: {
    stack: redisEvictionStack,
    stage: stageRedisEviction,
    briefing,
    record: (baseline) => ({
      busyHour: baseline.busyHour.acceptedIds.length,
      lostAtHandover: baseline.busyHour.lostIds.length,
      evictedKeys: baseline.busyHour.evictedKeys,
      queueDepth: baseline.busyHour.depthAtHandover,
    }),
    running: runningLab,
  },
  check: {
    rootCause: rootCause.question,
    drain: redisEvictionDrain,
    criteria: { ids: criterionIds, titles: criterionTitles, judge },
    report: {
      build: buildEvictionReport,
      figuresSchema: evictionFiguresSchema,
      figuresLine: (report, showMemory) => figuresLine(report as EvictionReport, showMemory),
      spoilers: SPOILER,
    },
  },
  status: redisEvictionStatus,
  hint: redisEvictionHints,
  debrief: redisEvictionDebrief,
  demos: [loudOrSilentDemo],
  classroom: redisEvictionClassroom,
});
