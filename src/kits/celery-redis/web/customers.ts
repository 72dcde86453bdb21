import { type ClientRequest, request } from 'node:http';

/**
 * Simulated customers: the web submits a small export to itself every so often, over real HTTP
 * on loopback, so the queue keeps growing while the worker is down, as it would with real users.
 */
export const SIMULATED_CUSTOMER_HEADER = 'x-simulated-customer';
export const CUSTOMER_ROWS = { min: 50, max: 5000 } as const;

export interface CustomerOptions {
  port: number;
  /** Pause between one submission's answer and the next submission; 0 means no customers. */
  intervalMs: number;
  host?: string;
  random?: () => number;
  timeoutMs?: number;
}

export interface SimulatedCustomers {
  /** Stops scheduling and abandons a submission in progress. */
  stop(): void;
}

export function customerRows(random: () => number): number {
  return CUSTOMER_ROWS.min + Math.floor(random() * (CUSTOMER_ROWS.max - CUSTOMER_ROWS.min + 1));
}

function submit(options: Required<CustomerOptions>, onRequest: (req: ClientRequest) => void): Promise<void> {
  const body = JSON.stringify({ rows: customerRows(options.random) });
  return new Promise((resolve) => {
    const req = request(
      {
        host: options.host,
        port: options.port,
        method: 'POST',
        path: '/exports',
        agent: false,
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          accept: 'application/json',
          [SIMULATED_CUSTOMER_HEADER]: '1',
        },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('error', () => resolve());
      },
    );
    // Whatever happens to one submission, the server's access log already tells it; the next one still comes.
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    onRequest(req);
    req.end(body);
  });
}

export function startSimulatedCustomers(input: CustomerOptions): SimulatedCustomers {
  const options: Required<CustomerOptions> = { host: '127.0.0.1', random: Math.random, timeoutMs: 10_000, ...input };
  if (!(options.intervalMs > 0)) return { stop: () => undefined };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: ClientRequest | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void submit(options, (req) => (current = req)).then(() => {
        current = undefined;
        schedule();
      });
    }, options.intervalMs);
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      current?.destroy();
    },
  };
}
