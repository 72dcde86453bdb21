import { count as n } from '../../../kits/celery-redis/wording.js';

/** What one burst into a full Redis did, counted; and what the counts let the demo say. */
export interface BurstCount {
  policy: string;
  /** Results Redis took before the burst (the rest of those offered it refused: it was full). */
  resultsHeld: number;
  sent: number;
  /** Pushes Redis answered with a new length: the web would have answered 202. */
  accepted: number;
  /** Pushes Redis refused: the web would have answered an error. */
  refused: number;
  /** The first refusal's words, as Redis sent them. */
  refusal?: string;
  /** The queue's length once Redis was at rest. */
  left: number;
  /** Accepted pushes no longer in the queue once Redis was at rest: lost without a word. */
  silentlyLost: number;
  evictedKeys: number;
  /** Redis's used_memory at the last reading, and its maxmemory, in bytes. */
  usedMemory: number;
  maxmemory: number;
  /** Whether Redis came to rest (memory under the limit, counts steady) within the demo's wait. */
  settled: boolean;
}

/** One reading of the burst's Redis: the queue's length, its eviction count, its memory. */
export interface Reading {
  left: number;
  evictedKeys: number;
  usedMemory: number;
}

/**
 * Whether Redis is at rest after a burst: two readings in a row alike, and, where it evicts, memory
 * under the limit (eviction goes on in the background until it is). Under noeviction the last push
 * accepted may leave Redis just over its limit, where it stays: that is at rest too. Pure.
 */
export function atRest(policy: string, limit: number, previous: Reading | undefined, now: Reading): boolean {
  const steady = now.left === previous?.left && now.evictedKeys === previous.evictedKeys;
  return steady && (policy === 'noeviction' || now.usedMemory <= limit);
}

export type BurstOutcome = 'lost-silently' | 'refused-loudly' | 'kept-everything' | 'refused-and-lost' | 'could-not-tell';

/** Names what the burst cost, from its counts alone. Pure. */
export function burstOutcome(count: BurstCount): BurstOutcome {
  if (!count.settled) return 'could-not-tell';
  if (count.refused === 0) return count.silentlyLost > 0 ? 'lost-silently' : 'kept-everything';
  return count.silentlyLost > 0 ? 'refused-and-lost' : 'refused-loudly';
}

/** One sentence per burst, each figure in it one of the counts. Pure. */
export function burstText(count: BurstCount): string {
  const under = `Under ${count.policy}`;
  switch (burstOutcome(count)) {
    case 'lost-silently':
      return `${under}, all ${n(count.sent)} pushes were answered OK and ${n(count.silentlyLost)} of them vanished (evicted_keys ${n(count.evictedKeys)}): nobody was told.`;
    case 'refused-loudly':
      return `${under}, ${n(count.refused)} of ${n(count.sent)} pushes were refused with "${count.refusal}" and none of the ${n(count.accepted)} accepted was lost: the producer knows, and can answer its customer with an error and retry later.`;
    case 'kept-everything':
      return `${under}, all ${n(count.sent)} pushes were accepted and all are still queued: the burst fitted, and this run shows no cost.`;
    case 'refused-and-lost':
      return `${under}, ${n(count.refused)} of ${n(count.sent)} pushes were refused ("${count.refusal}") and ${n(count.silentlyLost)} of the ${n(count.accepted)} accepted vanished (evicted_keys ${n(count.evictedKeys)}).`;
    default:
      return `${under}, could not tell what was lost: Redis was still evicting or over its limit when the demo stopped waiting (${n(count.left)} of ${n(count.accepted)} accepted pushes queued at the last reading, evicted_keys ${n(count.evictedKeys)}).`;
  }
}

/** The sentence that answers the demo's question, only from what the two bursts showed. Pure. */
export function burstAnswer(silent: BurstCount, loud: BurstCount): string {
  const [evicting, refusing] = [burstOutcome(silent), burstOutcome(loud)];
  if (evicting === 'lost-silently' && refusing === 'refused-loudly')
    return `Answer: a broker that evicts takes work and drops it without a word (${n(silent.silentlyLost)} of ${n(silent.accepted)} under ${silent.policy}); one that refuses says no at once (${n(loud.refused)} refusals under ${loud.policy}) and loses nothing it accepted: the producer learns of it, and can tell its customer and retry.`;
  return `Could not tell this run: under ${silent.policy} the burst was ${evicting.replaceAll('-', ' ')}, under ${loud.policy} ${refusing.replaceAll('-', ' ')}; the demo answers only when the evicting Redis loses accepted work silently and the refusing one refuses without losing any.`;
}
