/** How many sandboxes a host holds: memory after a reserve for the host, and a share of cores. */
export const HOST_RESERVE_MIB = 2048;
/** A sandbox mostly waits on its learner; a drain keeps one core busy for a minute or two. */
export const SANDBOXES_PER_CORE = 4;

export interface CapacityInput {
  learners: number;
  memoryBytes: number;
  cores: number;
  sandboxMemoryMiB: number;
}

export interface Capacity {
  fits: boolean;
  /** The largest N this host holds. */
  max: number;
  byMemory: number;
  byCores: number;
  /** The figures, in words, for the refusal or the plan line. */
  text: string;
}

export function planCapacity(input: CapacityInput): Capacity {
  const memoryMiB = Math.floor(input.memoryBytes / (1024 * 1024));
  const byMemory = Math.max(0, Math.floor((memoryMiB - HOST_RESERVE_MIB) / input.sandboxMemoryMiB));
  const byCores = input.cores * SANDBOXES_PER_CORE;
  const max = Math.min(byMemory, byCores);
  const text =
    `${memoryMiB.toLocaleString('en-US')} MiB of memory less ${HOST_RESERVE_MIB} MiB for the host, at ${input.sandboxMemoryMiB} MiB per sandbox, holds ${byMemory}; ` +
    `${input.cores} core${input.cores === 1 ? '' : 's'} at ${SANDBOXES_PER_CORE} sandboxes each hold ${byCores}: at most ${max} here`;
  return { fits: input.learners <= max, max, byMemory, byCores, text };
}
