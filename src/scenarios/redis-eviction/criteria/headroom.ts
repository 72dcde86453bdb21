import { AFTERSHOCK_EXPORTS, BYTES_PER_EXPORT, SAFE_POLICY } from '../figures.js';
import { freeBytes, type MemoryFacts } from '../observe/memory-facts.js';
import type { ExportAccount } from './account.js';

/** What Redis must still take: every export not yet finished, plus the aftershock, each with its result. */
export const bytesNeeded = (account: Pick<ExportAccount, 'waiting' | 'unacked' | 'gone'>) =>
  (account.waiting.length + account.unacked.length + account.gone.length + AFTERSHOCK_EXPORTS) * BYTES_PER_EXPORT;

/** The two halves of stopping the loss, each judged on its own. Pure. */
export function lossStoppedHalves(memory: MemoryFacts, account: Pick<ExportAccount, 'waiting' | 'unacked' | 'gone'>) {
  const needed = bytesNeeded(account);
  return { policy: memory.policy === SAFE_POLICY, headroom: freeBytes(memory) >= needed, needed, free: freeBytes(memory) };
}

export const mib = (bytes: number) => (bytes === Number.POSITIVE_INFINITY ? 'no limit' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
