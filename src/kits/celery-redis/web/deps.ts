import { randomUUID } from 'node:crypto';
import type { ExportTask } from '../broker/envelope.js';
import type { Enqueue } from './accept.js';
import type { Ledger } from './ledger.js';
import { ResponseTally } from './response-tally.js';

/** Everything the web's handlers depend on. main.ts passes the real ones; tests pass fakes. */
export interface WebDeps {
  ledger: Ledger;
  /** Queues export tasks (Redis in production). */
  enqueue: Enqueue;
  /** Queues each task with its own push; per task, undefined or the error (default: one enqueue per task). */
  enqueueEach?: EnqueueEach;
  /** Where the worker leaves <id>.csv. */
  exportsDir: string;
  /** Guards the internal write endpoint; empty refuses everyone. */
  labToken: string;
  now?: () => Date;
  newId?: () => string;
  /** The backlog planner's randomness (tests make it reproducible). */
  random?: () => number;
  /** Where access lines and notes go (stdout in production). */
  log?: (line: string) => void;
  /** How long a customer's export may wait on the queue before the answer is 503. */
  enqueueTimeoutMs?: number;
  /** The same for a seeded backlog, which may hold tens of thousands of jobs. */
  backlogTimeoutMs?: number;
}

export type EnqueueEach = (tasks: readonly ExportTask[]) => Promise<Array<Error | undefined>>;

export interface ServiceDeps extends Required<WebDeps> {
  tally: ResponseTally;
  startedAt: Date;
}

export function resolveDeps(deps: WebDeps): ServiceDeps {
  const now = deps.now ?? (() => new Date());
  return {
    now,
    newId: randomUUID,
    random: Math.random,
    log: (line: string) => process.stdout.write(`${line}\n`),
    enqueueTimeoutMs: 5000,
    backlogTimeoutMs: 30_000,
    enqueueEach: (tasks: readonly ExportTask[]) =>
      Promise.all(
        tasks.map((task) =>
          deps.enqueue([task], 'behind').then(
            () => undefined,
            (error: Error) => error,
          ),
        ),
      ),
    ...definedOnly(deps),
    tally: new ResponseTally(),
    startedAt: now(),
  } as ServiceDeps;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
