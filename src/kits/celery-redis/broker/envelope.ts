import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { QUEUE, TASK_NAME } from '../figures.js';

/**
 * Celery task protocol v2 as kombu's Redis transport stores it: a JSON envelope whose body is
 * base64 of [args, kwargs, embed]. Field for field what Python Celery 5.5 writes
 * (fixtures/celery/python-celery-5.5.2.jsonl).
 */
export interface ExportTask {
  exportId: string;
  rows: number;
  report: string;
}

const headersSchema = z.object({
  lang: z.string(),
  task: z.string(),
  id: z.string(),
  root_id: z.string().nullable(),
  parent_id: z.string().nullable(),
  argsrepr: z.string().nullable().optional(),
  kwargsrepr: z.string().nullable().optional(),
  origin: z.string().nullable().optional(),
  retries: z.number().optional(),
});

export const envelopeSchema = z.object({
  body: z.string(),
  'content-encoding': z.literal('utf-8'),
  'content-type': z.literal('application/json'),
  headers: headersSchema.passthrough(),
  properties: z
    .object({
      correlation_id: z.string(),
      delivery_mode: z.number(),
      delivery_info: z.object({ exchange: z.string(), routing_key: z.string() }),
      priority: z.number(),
      body_encoding: z.literal('base64'),
      delivery_tag: z.string(),
    })
    .passthrough(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** Python's repr() of the values we send (strings, ints, lists, dicts), for argsrepr/kwargsrepr. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n');
    return `${quote}${escaped}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/** JSON as Python's json.dumps writes it (", " and ": " separators, non-ASCII escaped). */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`);
    return `{${entries.join(', ')}}`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return JSON.stringify(value);
}

export interface EncodeOptions {
  origin: string;
  deliveryTag?: string;
  replyTo?: string;
}

export function encodeExportTask(task: ExportTask, options: EncodeOptions): string {
  const args = [task.exportId];
  const kwargs = { rows: task.rows, report: task.report };
  const embed = { callbacks: null, errbacks: null, chain: null, chord: null };
  const body = Buffer.from(pythonJson([args, kwargs, embed]), 'utf8').toString('base64');
  const envelope = {
    body,
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers: {
      lang: 'py',
      task: TASK_NAME,
      id: task.exportId,
      shadow: null,
      eta: null,
      expires: null,
      group: null,
      group_index: null,
      retries: 0,
      timelimit: [null, null],
      root_id: task.exportId,
      parent_id: null,
      argsrepr: pythonRepr(args),
      kwargsrepr: pythonRepr(kwargs),
      origin: options.origin,
      ignore_result: false,
      replaced_task_nesting: 0,
      stamped_headers: null,
      stamps: {},
    },
    properties: {
      correlation_id: task.exportId,
      reply_to: options.replyTo ?? randomUUID(),
      delivery_mode: 2,
      delivery_info: { exchange: '', routing_key: QUEUE },
      priority: 0,
      body_encoding: 'base64',
      delivery_tag: options.deliveryTag ?? randomUUID(),
    },
  };
  return pythonJson(envelope);
}

export interface DecodedTask {
  id: string;
  task: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  envelope: Envelope;
}

/** Parses one raw queue entry. Throws on anything that is not a Celery v2 JSON envelope. */
export function decodeEnvelope(raw: string): DecodedTask {
  const envelope = envelopeSchema.parse(JSON.parse(raw));
  const body = JSON.parse(Buffer.from(envelope.body, 'base64').toString('utf8')) as unknown;
  if (!Array.isArray(body) || body.length !== 3 || !Array.isArray(body[0]) || typeof body[1] !== 'object' || body[1] === null) {
    throw new Error('envelope body is not [args, kwargs, embed]');
  }
  return {
    id: envelope.headers.id,
    task: envelope.headers.task,
    args: body[0] as unknown[],
    kwargs: body[1] as Record<string, unknown>,
    envelope,
  };
}

/** The export an envelope asks for, or undefined when it is some other task. */
export function exportTaskOf(decoded: DecodedTask): ExportTask | undefined {
  if (decoded.task !== TASK_NAME) return undefined;
  const exportId = decoded.args[0];
  const rows = decoded.kwargs.rows;
  if (typeof exportId !== 'string' || typeof rows !== 'number') return undefined;
  return { exportId, rows, report: typeof decoded.kwargs.report === 'string' ? decoded.kwargs.report : 'orders' };
}
