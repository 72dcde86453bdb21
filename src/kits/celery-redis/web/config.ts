import { DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from '../figures.js';

/** What the web container is told through its environment (compose/docker-compose.yml). */
export interface WebConfig {
  port: number;
  redisUrl: string;
  ledgerPath: string;
  exportsDir: string;
  /** 0 turns the simulated customers off. */
  customerIntervalMs: number;
  /** Empty means the internal write endpoints refuse everyone. */
  labToken: string;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  return {
    port: wholeNumber(env, 'PORT', DEFAULT_WEB_PORT, 1, 65535),
    redisUrl: env.REDIS_URL?.trim() || 'redis://redis:6379/0',
    ledgerPath: env.LEDGER_PATH?.trim() || '/var/lib/web/ledger.jsonl',
    exportsDir: env.EXPORTS_DIR?.trim() || '/var/lib/exports',
    customerIntervalMs: wholeNumber(env, 'CUSTOMER_INTERVAL_MS', DEFAULT_CUSTOMER_INTERVAL_MS, 0, 86_400_000),
    labToken: env.LAB_TOKEN ?? '',
  };
}
