import { count } from '../../../kits/celery-redis/criteria/facts.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import { accountPoison } from '../account.js';
import type { PoisonBaseline } from '../baseline.js';
import type { PoisonSnapshot } from '../snapshot.js';
import { type Verdict, verdict } from './verdict.js';

const where = (key: string, type: string) => `\`${key}\` (a ${type})`;

const LOOK =
  'Read how each run of the worker ends (`docker logs worker`): what was it on, each time, and where does Redis keep it while no one acknowledges it?';
const MOVE_IT =
  "Move it, do not delete it: it is a customer's request, and the only evidence of the bug. Find it (`docker exec redis redis-cli HKEYS unacked`, " +
  '`LRANGE celery -3 -1`), copy it into a key of its own, then remove it from where the worker finds it, in that order.';

/**
 * Criterion 3: the poison export is out of the worker's way (neither in the queue nor in
 * `unacked`) and kept in a key of its own, its message body exactly as queued. Any key and any
 * route pass (LMOVE, HGET + RPUSH + HDEL + ZREM, SET, ...); deleting it fails, and says so.
 */
export function judgePoisonQuarantined(snapshot: PoisonSnapshot, baseline: PoisonBaseline, context: JudgeContext): Verdict {
  const id = baseline.poison.id;
  // Until the cause is named, the hint points at the evidence, not at the fix.
  const statement = context.statement ?? baseline.statement;
  const HOW = statement?.cause === 'poison-message' ? MOVE_IT : LOOK;
  const name = `export ${id.slice(0, 8)}…`;
  if (!snapshot.broker.reachable || !snapshot.web.reachable || !snapshot.web.ledger) {
    return verdict('poison-quarantined', false, [`redis or the ledger could not be read: ${snapshot.broker.error ?? snapshot.web.error ?? 'no reply'}`], {
      hint: '`docker ps -a` shows whether redis and web are up.',
    });
  }
  if (!snapshot.quarantine.reachable) {
    return verdict('poison-quarantined', false, [`the keys outside the queue could not be read: ${snapshot.quarantine.error ?? 'no reply'}`], {
      hint: 'Run `async-outage-lab check` again.',
    });
  }
  const account = accountPoison(snapshot, baseline);
  const copies = snapshot.quarantine.copies.filter((copy) => copy.exportId === id);
  const copyNote = copies.length ? [`a copy is also in ${copies.map((copy) => where(copy.key, copy.type)).join(', ')}`] : [];
  if (account.parked.some((item) => item.entry.id === id)) {
    return verdict('poison-quarantined', false, [`${name} is still in \`unacked\``, ...copyNote], { hint: HOW });
  }
  if (account.waiting.some((entry) => entry.id === id)) {
    return verdict('poison-quarantined', false, [`${name} is still in the queue`, ...copyNote], { hint: HOW });
  }
  if (account.finished.some((entry) => entry.id === id)) {
    return verdict('poison-quarantined', false, [`${name} has a finished CSV: it was run again with a message changed from the one the customer sent`], {
      hint: 'The export was meant to be kept as the customer sent it, for the bug to be fixed and the export replayed. `async-outage-lab reset` starts over.',
    });
  }
  const kept = account.quarantined.find((item) => item.entry.id === id);
  if (kept) {
    const form = kept.copy.asUnackedEntry ? "kombu's `unacked` entry as it was" : 'the message';
    return verdict('poison-quarantined', true, [
      `${name} is in neither the queue nor \`unacked\``,
      `kept in ${where(kept.copy.key, kept.copy.type)}: ${form}, its body (${count(kept.copy.body.length)} bytes of base64) exactly as queued`,
    ]);
  }
  const damaged = account.damaged.find((item) => item.entry.id === id);
  if (damaged) {
    return verdict(
      'poison-quarantined',
      false,
      [
        `${name} was moved to ${damaged.copies.map((copy) => where(copy.key, copy.type)).join(', ')}, but its body is not the one queued: the customer's request was changed on the way`,
      ],
      {
        hint: 'Move the value as Redis returns it (LMOVE, or HGET piped into RPUSH), without editing it. `async-outage-lab reset` starts over.',
      },
    );
  }
  const deletes = (['hdel', 'lrem', 'rpop', 'lpop', 'del', 'unlink', 'ltrim', 'flushall', 'flushdb'] as const).filter(
    (cmd) => (snapshot.broker.commandCalls?.[cmd] ?? 0) > 0,
  );
  return verdict(
    'poison-quarantined',
    false,
    [
      `${name} was deleted: it is in neither the queue, \`unacked\`, nor any other key, and it never finished`,
      ...(deletes.length
        ? [
            `Redis has counted ${deletes.map((cmd) => `${cmd.toUpperCase()} × ${count(snapshot.broker.commandCalls?.[cmd] ?? 0)}`).join(', ')} since it started (kombu's own acks are HDELs too)`,
          ]
        : []),
    ],
    {
      hint: "That export was a customer's request and the evidence of a bug; deleting it loses both. `async-outage-lab reset` puts the outage back to try again.",
    },
  );
}
