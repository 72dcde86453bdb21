import { z } from 'zod';
import { HttpError } from './http-error.js';

export const DEFAULT_EXPORT_ROWS = 500;
export const MAX_EXPORT_ROWS = 5000;
export const MIN_BACKLOG = 5;
export const MAX_BACKLOG = 100_000;

const rowsMessage = `rows must be a whole number from 1 to ${MAX_EXPORT_ROWS}`;

/** What a customer may ask for. The big "full history" reports only ever come from the seeded backlog. */
export const exportRequestSchema = z.strictObject({
  rows: z
    .number({ error: rowsMessage })
    .int({ error: rowsMessage })
    .min(1, { error: rowsMessage })
    .max(MAX_EXPORT_ROWS, { error: rowsMessage })
    .default(DEFAULT_EXPORT_ROWS),
  report: z.literal('orders', { error: "report must be 'orders'" }).default('orders'),
});

const countMessage = `count must be a whole number from ${MIN_BACKLOG} to ${MAX_BACKLOG}`;
/** The backlogs the web can seed, named for what each holds: large exports among small ones, or small ones and one that crashes the worker. */
export const BACKLOG_PLANS = ['large-exports', 'poison-export'] as const;
export type BacklogPlan = (typeof BACKLOG_PLANS)[number];
export const backlogRequestSchema = z.strictObject({
  count: z.number({ error: countMessage }).int({ error: countMessage }).min(MIN_BACKLOG, { error: countMessage }).max(MAX_BACKLOG, { error: countMessage }),
  plan: z.enum(BACKLOG_PLANS, { error: `plan must be one of ${BACKLOG_PLANS.join(', ')}` }).default('large-exports'),
});

/** Export ids are uuids; nothing else reaches the file system, so no path can climb out of the exports directory. */
const EXPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isExportId = (value: string): boolean => EXPORT_ID.test(value);

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  if (issue.path.length === 0 && issue.code === 'invalid_type') return 'the request body must be a JSON object';
  return issue.message;
}

/** Checks a request against its schema; a mismatch is a 400 that names every problem at once. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, 'invalid_request', `${result.error.issues.map(describeIssue).join('; ')}.`);
}

/** JSON text to a value; an empty body counts as {} so a bare POST takes the defaults. */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
}

/**
 * An HTML form's fields as the JSON the schema expects: form values are text, so whole-number
 * text becomes a number and empty fields are left out (the defaults apply).
 */
export function parseFormBody(body: Buffer): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    if (value.trim() === '' || key in fields) continue;
    fields[key] = /^\s*-?\d{1,15}\s*$/.test(value) ? Number(value) : value;
  }
  return fields;
}
