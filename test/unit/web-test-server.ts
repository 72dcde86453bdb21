import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { ExportTask } from '../../src/kits/celery-redis/broker/envelope.js';
import type { QueuePlacement } from '../../src/kits/celery-redis/web/accept.js';
import { Ledger } from '../../src/kits/celery-redis/web/ledger.js';
import { createWebHandler, type WebDeps } from '../../src/kits/celery-redis/web/server.js';

/** The web service's handler, listening on a loopback port, over a fresh temporary directory. */
export interface TestWeb {
  /** http://127.0.0.1:<port> */
  base: string;
  port: number;
  /** The temporary directory holding the ledger and the exports. */
  dir: string;
  /** An empty exports directory, where a test can leave <id>.csv as the worker would. */
  exportsDir: string;
  ledger: Ledger;
  ledgerPath: string;
  /** Every call to the default enqueue, in order (none when a test passes its own enqueue). */
  queued: Array<{ tasks: ExportTask[]; placement: QueuePlacement }>;
  /** Every line the web logged (unless a test passes its own log). */
  lines: string[];
  /** Stops the server and removes the directory; also done when the test finishes. */
  close: () => Promise<void>;
}

/**
 * Starts the web for the current test (call it inside a test or a beforeEach) and stops it
 * when the test finishes. Defaults: an enqueue that records into `queued`, a log that
 * collects into `lines`, an empty lab token and the real clock; `overrides` replace any of
 * them, e.g. `now: () => clock` for a clock the test moves. The handler reads `now` once
 * at start for its startedAt, so set such a clock before calling.
 */
export async function startTestWeb(overrides: Partial<WebDeps> = {}): Promise<TestWeb> {
  const dir = await mkdtemp(join(tmpdir(), 'aol-web-test-'));
  const exportsDir = join(dir, 'exports');
  await mkdir(exportsDir);
  const ledgerPath = join(dir, 'ledger.jsonl');
  const { ledger } = await Ledger.open(ledgerPath);
  const queued: TestWeb['queued'] = [];
  const lines: string[] = [];
  const handler = createWebHandler({
    ledger,
    enqueue: async (tasks, placement) => void queued.push({ tasks, placement }),
    exportsDir,
    labToken: '',
    log: (line) => lines.push(line),
    ...overrides,
  });
  const server = createServer(handler).listen(0, '127.0.0.1');
  await once(server, 'listening');
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      server.closeAllConnections();
      server.close();
      await rm(dir, { recursive: true, force: true });
    })());
  onTestFinished(close);
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, port, dir, exportsDir, ledger, ledgerPath, queued, lines, close };
}
