import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastReceivedTaskId, poisonProblem } from '../../tools/explore/poison-loop/oracle.js';
import { messageOf } from '../../tools/explore/stack-view.js';

/** A recorded loop (solo pool, late acks, visibility timeout 1 s): the worker's log and `unacked` as HGETALL printed it. */
const recording = join(import.meta.dirname, '..', '..', 'fixtures', 'poison-loop', 'loop-solo-acks-late-vt1');
const read = (name: string) => readFileSync(join(recording, name), 'utf8');
const poisonId = read('poison-id.txt').trim();
/** HGETALL prints field, value, field, value: the values are kombu's entries. */
const unackedEntries = read('unacked.txt')
  .split('\n')
  .filter((_, at) => at % 2 === 1);

describe("poison-loop's oracle reads the recorded loop as a learner does", () => {
  it('names the export the worker died on from the last line of its log', () => {
    expect(lastReceivedTaskId(read('worker.log'))).toBe(poisonId);
  });

  it("reads kombu's unacked entry and the bare message alike, body as stored", () => {
    const entry = unackedEntries[0]!;
    const held = messageOf(entry)!;
    expect(held).toMatchObject({ exportId: poisonId, taskId: poisonId });
    expect(messageOf(JSON.stringify((JSON.parse(entry) as unknown[])[0]))).toEqual(held);
    expect(messageOf('3')).toBeUndefined();
  });

  it('accepts the export only when it is out of the worker’s way and kept with its payload as it was', () => {
    const poison = messageOf(unackedEntries[0]!)!;
    const none = new Set<string>();
    const kept = [{ ...poison, key: 'exports.dead-letter' }];
    expect(poisonProblem(poison, none, none, kept)).toBeUndefined();
    expect(poisonProblem(poison, none, new Set([poisonId]), kept)).toMatch(/still where the worker takes it/);
    expect(poisonProblem(poison, none, none, [{ ...poison, key: 'dlq', body: `${poison.body}x` }])).toMatch(/changed payload/);
    expect(poisonProblem(poison, none, none, [])).toMatch(/thrown away/);
    expect(poisonProblem(poison, new Set([poisonId]), none, kept)).toMatch(/finished file/);
  });
});
