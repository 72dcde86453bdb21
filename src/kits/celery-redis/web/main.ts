import { once } from 'node:events';
import type { Server } from 'node:http';
import { openBroker, type WebBroker } from './broker.js';
import { readConfig } from './config.js';
import { type SimulatedCustomers, startSimulatedCustomers } from './customers.js';
import { Ledger } from './ledger.js';
import { createWebServer } from './server.js';

/** The web container's program (PID 1): wires the ledger, the broker, the server and the simulated customers. */
const log = (line: string) => process.stdout.write(`${line}\n`);

/** What is running so far; a signal may arrive at any point of the start-up. */
const running: { server?: Server; broker?: WebBroker; ledger?: Ledger; customers?: SimulatedCustomers } = {};
let stopping = false;

async function stop(signal: NodeJS.Signals): Promise<void> {
  // A second signal means "now".
  if (stopping) process.exit(0);
  stopping = true;
  log(`web: ${signal} received, shutting down`);
  running.customers?.stop();
  const { server } = running;
  if (server?.listening) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Requests in progress get a moment to finish; then their connections are cut.
    const cutoff = setTimeout(() => server.closeAllConnections(), 2000);
    await closed;
    clearTimeout(cutoff);
  }
  await running.ledger?.flush();
  await running.broker?.close();
  process.exit(0);
}

async function main(): Promise<void> {
  // As PID 1 the process gets no default signal handling: without these, `docker stop` waits 10 s and kills.
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));

  const config = readConfig();
  const { ledger, report } = await Ledger.open(config.ledgerPath);
  running.ledger = ledger;
  if (report.skippedLines > 0) log(`ledger: left out ${report.skippedLines} unreadable line(s) of ${config.ledgerPath} (a write cut short)`);

  const broker = openBroker(config.redisUrl, log);
  running.broker = broker;
  const { server } = createWebServer({
    ledger,
    enqueue: broker.enqueue,
    enqueueEach: broker.enqueueEach,
    exportsDir: config.exportsDir,
    labToken: config.labToken,
    log,
  });
  running.server = server;
  server.listen(config.port);
  await once(server, 'listening');
  log(
    `web: listening on port ${config.port}; ${ledger.size} export(s) in the ledger; ` +
      (config.customerIntervalMs > 0 ? `simulated customers every ${config.customerIntervalMs} ms` : 'simulated customers off'),
  );

  // Customers arrive once the broker has answered: a web that starts before Redis should not turn them away.
  void broker.firstConnected.then(() => {
    if (!stopping) running.customers = startSimulatedCustomers({ port: config.port, intervalMs: config.customerIntervalMs });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`web: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
