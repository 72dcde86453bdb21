import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { formatAccessLine, loggablePath } from './access-log.js';
import { burstHandler } from './burst-handler.js';
import { SIMULATED_CUSTOMER_HEADER } from './customers.js';
import { resolveDeps, type ServiceDeps, type WebDeps } from './deps.js';
import { exportHandlers } from './export-handlers.js';
import { HttpError } from './http-error.js';
import { internalHandlers } from './internal-handlers.js';
import { errorPage } from './pages.js';
import { html, json, type Reply } from './reply.js';
import type { ResponseTally } from './response-tally.js';
import { pathOf, type RequestContext, type Route, resolveRoute } from './router.js';
import { siteHandlers } from './site-handlers.js';

export type { WebDeps } from './deps.js';

function routes(deps: ServiceDeps): Route[] {
  const site = siteHandlers(deps);
  const exports = exportHandlers(deps);
  const internal = internalHandlers(deps);
  return [
    { path: '/', methods: { GET: site.home } },
    { path: '/dashboard', methods: { GET: site.dashboard } },
    { path: '/healthz', methods: { GET: site.health } },
    { path: '/exports', methods: { POST: exports.submit } },
    { path: '/exports/:id', methods: { GET: exports.status } },
    { path: '/exports/:id/download', methods: { GET: exports.download } },
    { path: '/internal/ledger', methods: { GET: internal.ledger } },
    { path: '/internal/backlog', methods: { POST: internal.backlog } },
    { path: '/internal/burst', methods: { POST: burstHandler(deps) } },
  ];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Only the web's own customers (over loopback, inside the container) can claim to be simulated. */
const isSimulated = (req: IncomingMessage) => req.headers[SIMULATED_CUSTOMER_HEADER] !== undefined && LOOPBACK.has(req.socket.remoteAddress ?? '');

const wantsHtml = (req: IncomingMessage) => (req.headers.accept ?? '').includes('text/html');

export interface WebHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Responses sent so far, by status. */
  readonly tally: ResponseTally;
  readonly startedAt: Date;
}

/** The web service as one request listener: routing, validation, replies, counting and the access log. */
export function createWebHandler(input: WebDeps): WebHandler {
  const deps = resolveDeps(input);
  const table = routes(deps);

  const errorReply = (error: unknown, context: RequestContext, path: string): Reply => {
    if (error instanceof HttpError) {
      if (context.wantsHtml) return html(error.status, errorPage(error.status, error.message), error.headers);
      return json(error.status, { error: { code: error.code, message: error.message } }, error.headers);
    }
    // Only a bug gets here: say so in the log, and tell the client nothing about our insides.
    deps.log(
      `unexpected failure serving ${context.req.method} ${loggablePath(path)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return json(500, { error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' } });
  };

  const send = (req: IncomingMessage, res: ServerResponse, reply: Reply) => {
    const headers: Record<string, string | number> = { ...reply.headers };
    if (reply.stream) {
      res.writeHead(reply.status, { ...headers, 'content-length': reply.stream.length });
      if (req.method === 'HEAD') {
        reply.stream.source.destroy();
        res.end();
        return;
      }
      pipeline(reply.stream.source, res).catch(() => res.destroy());
      return;
    }
    const body = reply.body ?? '';
    res.writeHead(reply.status, { ...headers, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const at = deps.now();
    const path = pathOf(req.url);
    const context: RequestContext = { req, params: {}, simulated: isSimulated(req), wantsHtml: wantsHtml(req) };
    let logged = false;
    const finish = (clientGone: boolean) => {
      if (logged) return;
      logged = true;
      if (!clientGone) deps.tally.count(res.statusCode);
      deps.log(
        formatAccessLine({
          at,
          method: req.method ?? '-',
          path: loggablePath(path),
          status: res.statusCode,
          durationMs: performance.now() - started,
          simulated: context.simulated,
          clientGone,
        }),
      );
    };
    res.once('finish', () => finish(false));
    res.once('close', () => finish(!res.writableFinished));

    (async () => {
      const match = resolveRoute(table, req.method ?? 'GET', path);
      context.params = match.params;
      return match.handler(context);
    })()
      .catch((error: unknown) => errorReply(error, context, path))
      .then((reply) => {
        if (res.headersSent || res.destroyed) {
          reply.stream?.source.destroy();
          return;
        }
        send(req, res, reply);
      })
      .catch(() => res.destroy());
  };

  return Object.assign(handler, { tally: deps.tally, startedAt: deps.startedAt });
}

/** An HTTP server around the handler, with timeouts that keep slow or stuck clients from piling up. */
export function createWebServer(input: WebDeps): { server: Server; handler: WebHandler } {
  const handler = createWebHandler(input);
  const server = createServer(handler);
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  return { server, handler };
}
