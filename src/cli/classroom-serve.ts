import { createServer, type Server } from 'node:http';
import { statusPage } from '../classroom/page.js';
import type { LearnerRow } from '../classroom/rows.js';
import { environmentError } from '../errors.js';

/** The instructor's page on 127.0.0.1: the latest grading, served as it stands. */
export interface StatusServer {
  update: (rows: LearnerRow[], takenAt: Date) => void;
  close: () => Promise<void>;
  url: string;
}

export async function serveStatusPage(port: number, refreshSeconds: number): Promise<StatusServer> {
  let page = `<!doctype html><html><head><meta http-equiv="refresh" content="2"><title>async-outage-lab classroom</title></head><body><p>Grading the first round…</p></body></html>`;
  const server: Server = createServer((request, response) => {
    if (request.url === '/rows.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(json);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
  });
  let json = '[]';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? environmentError(`Port ${port} on 127.0.0.1 is taken.`, 'Pick another with --serve PORT.') : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    update: (rows, takenAt) => {
      page = statusPage(rows, takenAt, refreshSeconds);
      json = JSON.stringify({ takenAt: takenAt.toISOString(), rows });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser's or a script's kept-alive connection would hold the close until it times out.
        server.closeAllConnections();
      }),
  };
}
