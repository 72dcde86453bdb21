/** What became of one crashing export under one setting, and what the demo may say of it. Pure. */

export type PoisonFate = 'looping' | 'set-aside' | 'gone' | 'undecided';

export interface LimitCase {
  id: 'early-ack' | 'acks-late-reject' | 'redelivery-limit';
  label: string;
  fate: PoisonFate;
  /** Container deaths while watched: Docker's RestartCount, one more while it lies exited. */
  deaths: number;
  /** The exit codes seen at those deaths (a death read while Docker had already restarted it shows none). */
  exitCodes: number[];
  /** Looping: where Redis held the crashing export when the loop was seen. */
  heldIn?: 'queue' | 'unacked';
  /** How often the worker's log says it received the crashing export. */
  received: number;
  /** Set aside: the dead-letter entry's own count of deliveries. */
  setAsideAtDelivery?: number;
  /** The small exports queued behind the crashing one that finished, of `behind`. */
  finished: number;
  behind: number;
  seconds: number;
  /** Undecided: what the demo waited for and what it last saw. */
  undecidedBecause?: string;
}

const times = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Names what became of the crashing export and the worker, from the case's counts. Pure. */
export function verdictOf(c: LimitCase): string {
  const behind = `${c.finished} of ${c.behind} exports behind it finished`;
  switch (c.fate) {
    case 'set-aside':
      return `SET ASIDE at delivery ${c.setAsideAtDelivery}, after ${times(c.deaths, 'death')}; ${behind}`;
    case 'looping':
      return `LOOPS: ${times(c.deaths, 'death')} in ${c.seconds} s, the export received ${times(c.received, 'time')} and ${c.heldIn === 'queue' ? 'back in the queue' : 'held in unacked'}; ${behind}`;
    case 'gone':
      return `GONE after ${times(c.deaths, 'death')}: in neither the queue, unacked nor the dead letters, and no result; ${behind}`;
    default:
      return `COULD NOT TELL: ${c.undecidedBecause ?? `${times(c.deaths, 'death')} in ${c.seconds} s`}`;
  }
}

/** The sentence that answers the demo's question, only from the fates it observed. Pure. */
export function limitAnswer(cases: readonly LimitCase[], limit: number): string {
  const limited = cases.find((c) => c.id === 'redelivery-limit');
  const unbounded = cases.filter((c) => c.id !== 'redelivery-limit');
  const looping = unbounded.filter((c) => c.fate === 'looping');
  const others = unbounded
    .filter((c) => c.fate !== 'looping')
    .map((c) => `${c.label}: ${c.fate === 'undecided' ? 'could not tell' : c.fate.replace('-', ' ')}`);
  const otherText = others.length ? ` (${others.join('; ')})` : '';
  if (limited?.fate === 'set-aside' && looping.length > 0) {
    const loops = looping.map((c) => `${c.label}: ${times(c.deaths, 'death')}, ${c.finished} of ${c.behind} behind it finished`).join('; ');
    return `Answer: without a limit each death handed the same export back and the worker died again (${loops})${otherText}; with a limit of ${limit} deliveries it was set aside at delivery ${limited.setAsideAtDelivery}, after ${times(limited.deaths, 'death')}, and ${limited.finished} of ${limited.behind} behind it finished: a redelivery limit bounds the crashes.`;
  }
  return `Could not tell this run: the limited worker's export was ${limited ? (limited.fate === 'undecided' ? 'undecided' : limited.fate.replace('-', ' ')) : 'not watched'}, and ${looping.length} of ${unbounded.length} unlimited workers were seen looping${otherText}.`;
}
