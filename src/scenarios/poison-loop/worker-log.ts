/** The task lines of a worker's log, and the runs they fall into (a run begins at Celery's banner). Pure. */
const TASK_LINE = /Task exports\.generate_csv\[([^\]]+)\] (received|succeeded|failed|retry)/;
const RUN_START = /Connected to redis:\/\//;

export interface LogRun {
  /** Task ids received in this run, in order. */
  received: string[];
  /** The last task line's id and word, if any. */
  last?: { id: string; word: string };
  shutdown: boolean;
}

export function runsOfLog(log: string): LogRun[] {
  const runs: LogRun[] = [];
  let run: LogRun | undefined;
  for (const line of log.split('\n')) {
    if (RUN_START.test(line)) {
      run = { received: [], shutdown: false };
      runs.push(run);
      continue;
    }
    if (!run) continue;
    if (/Warm shutdown|Cold shutdown/.test(line)) run.shutdown = true;
    const task = TASK_LINE.exec(line);
    if (task?.[1] && task[2]) {
      if (task[2] === 'received') run.received.push(task[1]);
      run.last = { id: task[1], word: task[2] };
    }
  }
  return runs;
}
