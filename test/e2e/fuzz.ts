import { connect } from 'node:net';
import { seededRandom } from '../../src/kits/celery-redis/backlog.js';

/**
 * A seeded, bounded fuzz of the web over raw TCP on loopback: random methods, request targets,
 * headers, bodies and encodings, and requests cut short or far too large. The same seed sends the
 * same bytes, so a failure replays. One request a connection; the client gives up on a connection
 * only after the server's own timeouts have had their chance (a hang, which fails the test).
 */

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, max: number) => Math.floor(random() * max);
const bytes = (random: Random, n: number) => Buffer.from(Array.from({ length: n }, () => int(random, 256)));

/** Methods the web answers, and some it does not; the wire-level ones below break the request line. */
const METHODS = ['GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
const WIRE_METHODS = ['TRACE', 'get', 'P0ST', 'FOO', '', 'CONNECT'];
const PATHS = [
  '/',
  '/dashboard',
  '/healthz',
  '/exports',
  '/exports',
  '/exports/',
  '/internal/ledger',
  '/internal/backlog',
  '/favicon.ico',
  '*',
  '//exports',
  '/exports/../internal/ledger',
];
const ODD_PATHS = [
  '/%',
  '/%zz',
  '/%00',
  '/%c0%ae%c0%ae/',
  '/exports/%2e%2e%2f',
  '/\u00e9xport',
  '/exports?rows=5',
  '/exports#x',
  'http://127.0.0.1/exports',
  'exports',
  '/exports/;',
  '/\\\\',
  '/exports?%zz=%',
  '/dashboard?' + 'q=1&'.repeat(500),
];
const WIRE_VERSIONS = ['HTTP/2.0', 'HTTP/1.x', 'HTTPS/1.1', '', 'HTTP/1.1 extra'];
const TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'multipart/form-data; boundary=x',
  'APPLICATION/JSON',
  ';',
  'application/json;;;',
  '',
];
const ENCODINGS = ['gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, chunked'];

function target(random: Random): string {
  const roll = random();
  if (roll < 0.5) return pick(random, PATHS);
  if (roll < 0.65) return `/exports/${randomId(random)}${random() < 0.5 ? '/download' : ''}`;
  if (roll < 0.85) return pick(random, ODD_PATHS);
  if (roll < 0.93) return `/${'a/'.repeat(int(random, 4000))}`; // long: up to 8 KB
  return `/${bytes(random, 1 + int(random, 40))
    .toString('latin1')
    .replace(/[\r\n ]/g, '_')}`;
}

function randomId(random: Random): string {
  const hex = () => bytes(random, 16).toString('hex');
  return pick(random, [hex().replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'), hex(), '..', '%2e%2e', '%ZZ', 'x'.repeat(300), '']);
}

function body(random: Random): Buffer {
  const roll = random();
  const rows = () => pick(random, [1, 100, 5000, 0, -1, 1.5, 1e9, 1e308, '10', null, true, [], {}]);
  const report = () => pick(random, ['orders', 'sales', 'customers', '', 'x'.repeat(500), 7, null, '\u0000', '<script>']);
  if (roll < 0.35) return Buffer.from(JSON.stringify({ rows: rows(), report: report(), ...(random() < 0.2 ? { extra: 'x' } : {}) }));
  if (roll < 0.45)
    return Buffer.from(pick(random, ['rows=10&report=orders', 'rows=%zz', 'rows=1&rows=2', '=&&=', 'rows=' + '9'.repeat(400), 'report=%F0%9F%92%A9', '%']));
  if (roll < 0.57)
    return Buffer.from(
      pick(random, [
        '{',
        '[]',
        'null',
        '"x"',
        '{"rows":',
        '{"__proto__":{"rows":1}}',
        '{"constructor":{"prototype":{}}}',
        '\ufeff{"rows":3}',
        '{"rows":1}{"rows":2}',
        '{"rows":1e999}',
      ]),
    );
  if (roll < 0.62) return Buffer.from(`${'['.repeat(5000 + int(random, 20_000))}${']'.repeat(100)}`); // deep nesting
  if (roll < 0.68) return Buffer.alloc(64 * 1024 + 1 + int(random, 200_000), 0x61); // over the body limit
  if (roll < 0.78) return bytes(random, int(random, 2000)); // binary, invalid UTF-8
  if (roll < 0.82) return Buffer.from(JSON.stringify({ rows: 10 }), 'utf16le');
  return Buffer.alloc(0);
}

function headers(random: Random, payload: Buffer, wire: boolean): string[] {
  const lines: string[] = [];
  if (!wire || random() < 0.7) lines.push('Host: 127.0.0.1');
  if (random() < 0.8) lines.push(`Content-Type: ${pick(random, TYPES)}`);
  if (wire && random() < 0.5)
    lines.push(
      `Content-Length: ${pick(random, [payload.length + 10, Math.max(0, payload.length - 3), -1, 99999999999, 'abc', '1, 2', `${payload.length}\r\nContent-Length: 0`])}`,
    );
  else if (random() < 0.2) lines.push('Transfer-Encoding: chunked');
  else lines.push(`Content-Length: ${payload.length}`);
  if (random() < 0.15) lines.push(`Content-Encoding: ${pick(random, ENCODINGS)}`);
  if (random() < 0.2) lines.push(`Accept: ${pick(random, ['text/html', '*/*', 'application/json', 'text/html;q=0', ''])}`);
  if (random() < 0.1) lines.push('X-Simulated-Customer: 1');
  if (random() < 0.1) lines.push(`X-Lab-Token: ${bytes(random, 8).toString('hex')}`);
  if (random() < 0.05) lines.push(`Cookie: ${'c=1; '.repeat(int(random, 400))}`);
  if (wire && random() < 0.2) lines.push(`X-Junk: ${'j'.repeat(int(random, 20_000))}`); // past the header size limit, sometimes
  if (wire && random() < 0.1) for (let i = int(random, 300); i > 0; i--) lines.push(`X-Many-${i}: ${i}`);
  if (wire && random() < 0.1) lines.push('Bad Header Without Colon');
  if (wire && random() < 0.1)
    lines.push(
      `X-Bytes: ${bytes(random, 20)
        .toString('latin1')
        .replace(/[\r\n]/g, '')}`,
    );
  lines.push(random() < 0.85 ? 'Connection: close' : 'Connection: keep-alive');
  return lines;
}

function chunked(random: Random, payload: Buffer, wire: boolean): Buffer {
  if (wire && random() < 0.4)
    return Buffer.concat([Buffer.from(pick(random, ['zz\r\n', 'ffffffffffffffff\r\n', '-1\r\n', '5;ext=' + 'e'.repeat(20_000) + '\r\n'])), payload]);
  const parts: Buffer[] = [];
  for (let at = 0; at < payload.length; ) {
    const size = Math.min(payload.length - at, 1 + int(random, 4096));
    parts.push(Buffer.from(`${size.toString(16)}\r\n`), payload.subarray(at, at + size), Buffer.from('\r\n'));
    at += size;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/**
 * One request's bytes, and whether it is cut short (the client then closes its side). Seven in
 * ten are well-formed HTTP whose contents are fuzzed (what the web's own code sees); the rest
 * also break the framing: request line, headers, lengths, chunks, line ends, or a cut.
 */
export function fuzzRequest(random: Random): { bytes: Buffer; truncated: boolean; wire: boolean } {
  const wire = random() < 0.3;
  const method = wire && random() < 0.3 ? pick(random, WIRE_METHODS) : pick(random, METHODS);
  const payload = method === 'GET' && random() < 0.8 ? Buffer.alloc(0) : body(random);
  const head = headers(random, payload, wire);
  const framed = head.includes('Transfer-Encoding: chunked') ? chunked(random, payload, wire) : payload;
  const eol = wire && random() < 0.2 ? '\n' : '\r\n';
  const version = wire && random() < 0.3 ? pick(random, WIRE_VERSIONS) : pick(random, ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0']);
  const all = Buffer.concat([Buffer.from(`${method} ${target(random)} ${version}${eol}${head.join(eol)}${eol}${eol}`, 'latin1'), framed]);
  const truncated = wire && random() < 0.4;
  return { bytes: truncated ? all.subarray(0, int(random, all.length)) : all, truncated, wire };
}

export type Outcome = { status: number } | { closed: true } | { hung: true };

/**
 * Sends one request and reads the status line of the answer. A connection the server closes
 * without answering is an outcome too (Node drops some malformed requests so); one that neither
 * answers nor closes within `hangMs` is a hang.
 */
export function exchange(port: number, request: Buffer, truncated: boolean, hangMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let seen = '';
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ hung: true }), hangMs);
    socket.on('connect', () => {
      // A request cut short is followed by a half-close (the server has all it will get); a whole
      // one is not: Node's server drops a request whose client half-closed before it answered.
      socket.write(request, () => (truncated ? socket.end() : undefined));
    });
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      const line = /^HTTP\/1\.[01] (\d{3})/.exec(seen);
      if (line) settle({ status: Number(line[1]) });
      else if (seen.length > 64 && !seen.startsWith('HTTP/')) settle({ status: -1 });
    });
    socket.on('error', () => settle({ closed: true }));
    socket.on('close', () => settle({ closed: true }));
  });
}

export interface FuzzResult {
  sent: number;
  truncated: number;
  /** Responses by status ("closed": no answer, the connection closed). */
  outcomes: Record<string, number>;
  hangs: number;
  ms: number;
  /** The first request of each 5xx status and each hang, for the failure message. */
  examples: Array<{ outcome: string; request: string }>;
}

/** Sends `count` requests, `concurrency` at a time, from `seed`. */
export async function fuzzWeb(options: { port: number; seed: number; count: number; concurrency: number; hangMs: number }): Promise<FuzzResult> {
  const random = seededRandom(options.seed);
  const requests = Array.from({ length: options.count }, () => fuzzRequest(random));
  const result: FuzzResult = { sent: 0, truncated: 0, outcomes: {}, hangs: 0, ms: 0, examples: [] };
  const started = Date.now();
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const outcome = await exchange(options.port, request.bytes, request.truncated, options.hangMs);
      result.sent += 1;
      if (request.truncated) result.truncated += 1;
      const key = 'hung' in outcome ? 'hung' : 'closed' in outcome ? 'closed' : String(outcome.status);
      result.outcomes[key] = (result.outcomes[key] ?? 0) + 1;
      if ('hung' in outcome) result.hangs += 1;
      const bad = 'hung' in outcome || ('status' in outcome && outcome.status >= 500);
      if (bad && !result.examples.some((e) => e.outcome === key))
        result.examples.push({ outcome: key, request: request.bytes.subarray(0, 300).toString('latin1') });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  result.ms = Date.now() - started;
  return result;
}
