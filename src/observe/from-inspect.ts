import { z } from 'zod';
import type { ContainerEvent, ContainerView } from './container-view.js';

/**
 * Pure translations from what the Docker Engine API returns (`docker inspect`, the events
 * stream) into the Snapshot's views. No I/O here: the fixtures under fixtures/docker are real
 * recordings of both, and the unit tests feed them straight in.
 */

/** Docker writes this for "never": a container created but not started has it as StartedAt. */
const ZERO_TIME = /^0001-01-01T/;

const inspectSchema = z.looseObject({
  Id: z.string().min(1),
  RestartCount: z.number().optional(),
  State: z
    .looseObject({
      Status: z.string().optional(),
      Running: z.boolean().optional(),
      ExitCode: z.number().optional(),
      OOMKilled: z.boolean().optional(),
      StartedAt: z.string().optional(),
      FinishedAt: z.string().optional(),
    })
    .optional(),
  HostConfig: z.looseObject({ Memory: z.number().optional(), MemorySwap: z.number().optional() }).nullish(),
  Config: z.looseObject({ Labels: z.record(z.string(), z.string()).nullish() }).nullish(),
});

const realTime = (value: string | undefined) => (value && !ZERO_TIME.test(value) ? value : undefined);

/**
 * One container as `docker inspect` shows it (the object from the Engine API, or the one-element
 * array the CLI prints) reduced to what the checks judge. `undefined`, `[]` or anything without an
 * Id means the container does not exist.
 */
export function containerViewFromInspect(name: string, inspect: unknown): ContainerView {
  const raw = Array.isArray(inspect) ? inspect[0] : inspect;
  const parsed = inspectSchema.safeParse(raw);
  if (!parsed.success) return { name, exists: false };
  const info = parsed.data;
  const view: ContainerView = { name, exists: true, id: info.Id };
  const state = info.State;
  if (state) {
    if (state.Status !== undefined) view.status = state.Status;
    if (state.Running !== undefined) view.running = state.Running;
    if (state.ExitCode !== undefined) view.exitCode = state.ExitCode;
    if (state.OOMKilled !== undefined) view.oomKilled = state.OOMKilled;
    const startedAt = realTime(state.StartedAt);
    if (startedAt) view.startedAt = startedAt;
    const finishedAt = realTime(state.FinishedAt);
    if (finishedAt) view.finishedAt = finishedAt;
  }
  if (info.RestartCount !== undefined) view.restartCount = info.RestartCount;
  if (info.HostConfig?.Memory !== undefined) view.memoryBytes = info.HostConfig.Memory;
  if (info.HostConfig?.MemorySwap !== undefined) view.memorySwapBytes = info.HostConfig.MemorySwap;
  if (info.Config?.Labels) view.labels = { ...info.Config.Labels };
  return view;
}

const eventSchema = z.looseObject({
  Type: z.string().optional(),
  status: z.string().optional(),
  Action: z.string().optional(),
  id: z.string().optional(),
  time: z.number().optional(),
  timeNano: z.union([z.number(), z.string()]).optional(),
  Actor: z.looseObject({ ID: z.string().optional(), Attributes: z.record(z.string(), z.string()).nullish() }).nullish(),
});

/** Nanoseconds since the epoch as an ISO time that keeps all nine digits (Docker's own precision). */
export function isoFromNanos(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

const integer = (value: string | undefined) => (value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined);

/**
 * One message from the Docker events stream (`GET /events`, or `docker events --format '{{json .}}'`)
 * as a container event. Returns undefined for anything that is not a container event with an action
 * and a time. `exec_start: cat ...` becomes `exec_start`.
 */
export function containerEventFromDocker(event: unknown): ContainerEvent | undefined {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  if (message.Type !== undefined && message.Type !== 'container') return undefined;
  const fullAction = message.Action ?? message.status;
  if (!fullAction) return undefined;
  let time: string;
  if (message.timeNano !== undefined) {
    // timeNano overflows a double's exact range; a JSON number still carries ~microseconds.
    const nanos = typeof message.timeNano === 'string' ? BigInt(message.timeNano) : BigInt(Math.round(message.timeNano));
    time = isoFromNanos(nanos);
  } else if (message.time !== undefined) {
    time = new Date(message.time * 1000).toISOString();
  } else {
    return undefined;
  }
  const action = fullAction.split(':')[0]!.trim();
  const attributes = message.Actor?.Attributes ?? {};
  const result: ContainerEvent = { time, action };
  const id = message.Actor?.ID ?? message.id;
  if (id) result.id = id;
  if (attributes.name) result.name = attributes.name;
  const exitCode = integer(attributes.exitCode);
  if (exitCode !== undefined && action !== 'exec_die') result.exitCode = exitCode;
  const signal = integer(attributes.signal);
  if (signal !== undefined) result.signal = signal;
  return result;
}

/**
 * Docker's RFC 3339 times (`2026-11-24T04:26:20.76022934Z`, any number of fraction digits) as
 * nanoseconds since the epoch, so that StartedAt and event times compare exactly. Undefined for
 * anything unparsable.
 */
export function nanosOf(time: string | undefined): bigint | undefined {
  if (!time) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!match) {
    const ms = Date.parse(time);
    return Number.isNaN(ms) ? undefined : BigInt(ms) * 1_000_000n;
  }
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = BigInt((match[2] ?? '').slice(0, 9).padEnd(9, '0'));
  return BigInt(seconds) * 1_000_000n + fraction;
}
