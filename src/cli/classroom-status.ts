import { Command } from 'commander';
import { gradeClassroom } from '../classroom/grade.js';
import type { LearnerRow } from '../classroom/rows.js';
import { tableLines, tallyText } from '../classroom/table.js';
import { requireDaemon } from '../docker/engine.js';
import { ExitCode, environmentError } from '../errors.js';
import { action, type CommonOptions, intOption } from './action.js';
import { requireClassroomHost } from './classroom-host.js';
import { type StatusServer, serveStatusPage } from './classroom-serve.js';
import type { Output } from './output.js';
import { catalog } from './scenario-choice.js';
import { stopOnSignal } from './stop-signal.js';
import { stdout } from './writer.js';

interface StatusOptions extends CommonOptions {
  watch?: boolean;
  interval: number;
  serve?: number;
}

const record = (rows: LearnerRow[], takenAt: Date) => ({ kind: 'async-outage-lab/classroom-status', version: 1, takenAt: takenAt.toISOString(), rows });

function printTable(rows: LearnerRow[], takenAt: Date, output: Output): void {
  const [heading, ...lines] = tableLines(rows);
  output.line(output.bold(heading ?? ''));
  for (const line of lines) output.line(line);
  output.line(output.dim(`${tallyText(rows)} · graded from outside each sandbox at ${takenAt.toISOString()}`));
}

/**
 * Grades every interval until Ctrl-C or SIGTERM; a timer between rounds, not a wait for a
 * condition. A stop cancels the round in hand (its checks in the sandboxes), so the command
 * leaves at once rather than after a round that can take a minute on a loaded host.
 */
async function everyInterval(intervalMs: number, round: (cancel: AbortSignal) => Promise<void>): Promise<void> {
  const signal = stopOnSignal();
  const cancel = new AbortController();
  void signal.stopped.then(() => cancel.abort());
  try {
    while (!signal.isStopped() && !stdout().closed) {
      const started = Date.now();
      await Promise.race([round(cancel.signal), signal.stopped]);
      if (signal.isStopped()) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, started + intervalMs - Date.now())))), signal.stopped]);
      clearTimeout(timer);
    }
  } finally {
    cancel.abort();
    signal.release();
  }
}

export function classroomStatusCommand(): Command {
  return new Command('status')
    .description("one row per learner, graded from outside their sandbox by check's own judging")
    .option('--json', 'print JSON: one object, or with --watch one line per round')
    .option('--watch', 'grade again every --interval seconds until Ctrl-C')
    .option('--interval <seconds>', 'seconds between rounds with --watch or --serve', intOption('--interval', 5, 3600), 15)
    .option('--serve <port>', 'also serve the table as a page on http://127.0.0.1:PORT/ that reloads itself (implies --watch)', intOption('--serve', 1, 65535))
    .addHelpText(
      'after',
      `
Examples:
  $ sudo async-outage-lab classroom status
  $ sudo async-outage-lab classroom status --watch --interval 30
  $ sudo async-outage-lab classroom status --serve 8099          # open http://127.0.0.1:8099/
  $ sudo async-outage-lab classroom status --json | jq -r '.rows[] | [.sandbox, .stage] | @tsv'

Stages: investigating (the outage's fix not in place yet), fixed (in place), draining (the queue
falls too), solved (every criterion, the root cause stated included). Rules broken are the
recorded commands check flags (a flush, a restart of what was healthy, ...). Each round runs check
in every sandbox at once and takes about 10-20 s.`,
    )
    .action(
      action<StatusOptions>(async (options, output) => {
        requireClassroomHost();
        await requireDaemon();
        const first = await gradeClassroom(catalog);
        if (first.rows.length === 0)
          throw environmentError('No classroom here: no sandbox of the lab on this engine.', 'Start one with `async-outage-lab classroom up --learners N`.');
        const watching = Boolean(options.watch || options.serve !== undefined);
        if (!watching) {
          if (output.json) output.result(record(first.rows, first.takenAt));
          else printTable(first.rows, first.takenAt, output);
          return ExitCode.ok;
        }
        let server: StatusServer | undefined;
        if (options.serve !== undefined) {
          server = await serveStatusPage(options.serve, options.interval);
          process.stderr.write(`serving the table on ${server.url} (Ctrl-C to stop)\n`);
        }
        const show = (rows: LearnerRow[], takenAt: Date) => {
          server?.update(rows, takenAt);
          if (output.json) stdout().write(`${JSON.stringify(record(rows, takenAt))}\n`);
          else {
            output.line();
            printTable(rows, takenAt, output);
          }
        };
        let pending: { rows: LearnerRow[]; takenAt: Date } | undefined = first;
        try {
          await everyInterval(options.interval * 1000, async (cancel) => {
            const graded = pending ?? (await gradeClassroom(catalog, cancel));
            pending = undefined;
            if (!cancel.aborted) show(graded.rows, graded.takenAt);
          });
        } finally {
          await server?.close();
        }
        return ExitCode.ok;
      }),
    );
}
