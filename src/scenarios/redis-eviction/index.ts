import type { Scenario } from '../scenario.js';
import { DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from '../worker-oom/figures.js';
import { baselineSchema, type Baseline } from './baseline.js';
import { briefing } from './briefing.js';
import { redisEvictionClassroom } from './classroom.js';
import { criterionIds, criterionTitles, judge } from './criteria/index.js';
import { CAUSES, COMPONENTS, rootCauseQuestions } from './criteria/root-cause.js';
import { redisEvictionDebrief } from './debrief/index.js';
import { loudOrSilentDemo } from './demos/loud-or-silent.js';
import { redisEvictionDrain, type Followed } from './drain.js';
import { BUSY_HOUR_EXPORTS } from './figures.js';
import { redisEvictionHints } from './hints.js';
import { CONTAINERS, type Snapshot } from './observe/snapshot.js';
import { buildEvictionReport, figuresLine, SPOILER, type EvictionReport } from './report.js';
import { classifyRedisEvictionCommand } from './rule-breaks.js';
import { runningLab } from './running.js';
import { stageRedisEviction } from './stage.js';
import { redisEvictionStack } from './stack-files.js';
import type { EvictionSample } from './status/sample.js';
import { redisEvictionStatus } from './status/port.js';
import { redisEvictionTexts } from './texts.js';

/** Every container is up and the queue looks healthy, while Redis, run as a cache, evicts accepted exports. */
export const redisEviction: Scenario<Baseline, Snapshot, Followed, EvictionSample> = {
  id: 'redis-eviction',
  title: 'Exports vanish, and nothing looks wrong',
  texts: redisEvictionTexts,
  containers: CONTAINERS,
  defaults: { backlog: BUSY_HOUR_EXPORTS, webPort: DEFAULT_WEB_PORT, customerIntervalMs: DEFAULT_CUSTOMER_INTERVAL_MS },
  baselineSchema,
  ruleBreak: classifyRedisEvictionCommand,
  hints: redisEvictionHints,
  stack: redisEvictionStack,
  publishedHttp: { container: 'web', containerPort: 8080 },
  stage: stageRedisEviction,
  briefing,
  upRecord: (baseline) => ({ busyHour: baseline.busyHour.acceptedIds.length, lostAtHandover: baseline.busyHour.lostIds.length, evictedKeys: baseline.busyHour.evictedKeys, queueDepth: baseline.busyHour.depthAtHandover }),
  running: runningLab,
  rootCause: { components: COMPONENTS, causes: CAUSES, questions: rootCauseQuestions, criterionId: 'root-cause' },
  drain: redisEvictionDrain,
  classroom: redisEvictionClassroom,
  criteria: { ids: criterionIds, titles: criterionTitles, judge },
  demos: [loudOrSilentDemo],
  debrief: redisEvictionDebrief,
  report: {
    build: buildEvictionReport,
    figuresLine: (report, showMemory) => figuresLine(report as EvictionReport, showMemory),
    spoilers: SPOILER,
  },
  status: redisEvictionStatus,
};
