import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine, engineEvents, engineInspect } from '../../fixtures/engine-diff/engines.js';
import { containerEventFromDocker } from '../../src/observe/from-inspect.js';

// Real recordings of the lab on Engine 20.10 + Compose v1, Engine 26.1 + Compose v2 and Engine
// 28.5 + Compose 2.40 (fixtures/engine-diff/README.md).

const eventsOf = (engine: Engine, file: string) => engineEvents(engine, file).map(containerEventFromDocker);

describe.each(ENGINES)("Engine %s: the worker's events across the outage and the fix", (engine) => {
  it('reads the kill, the start that is killed again, the update and the start, all for the one container', () => {
    const events = eventsOf(engine, 'events-worker-api');
    expect(events.map((event) => event?.action)).toEqual(['create', 'start', 'oom', 'die', 'start', 'oom', 'die', 'update', 'start']);
    expect(events.filter((event) => event?.action === 'die').map((event) => event?.exitCode)).toEqual([137, 137]);
    const id = (engineInspect(engine, 'worker-oom-killed') as { Id: string }).Id;
    expect(new Set(events.map((event) => event?.id))).toEqual(new Set([id]));
    expect(events.every((event) => event?.name === 'worker')).toBe(true);
  });

  it("reads the API's stream (what the lab gets) and `docker events --format json` (what the learner sees) alike", () => {
    expect(eventsOf(engine, 'events-worker-cli')).toEqual(eventsOf(engine, 'events-worker-api'));
  });
});

describe("where the engines' events differ", () => {
  it("26.1's and 28.5's die carry execDuration, 20.10's does not; the lab reads the same event from each", () => {
    const die = (engine: Engine) =>
      engineEvents(engine, 'events-worker-api').find((event) => (event as { Action: string }).Action === 'die') as {
        Actor: { Attributes: Record<string, string> };
      };
    expect(die('20.10').Actor.Attributes.execDuration).toBeUndefined();
    expect(die('26.1').Actor.Attributes.execDuration).toMatch(/^\d+$/); // seconds it ran
    expect(die('28.5').Actor.Attributes.execDuration).toMatch(/^\d+$/);
    const read = (engine: Engine) => {
      const event = containerEventFromDocker(die(engine));
      return { action: event?.action, exitCode: event?.exitCode, name: event?.name, keys: Object.keys(event ?? {}).sort() };
    };
    expect(read('26.1')).toEqual(read('20.10'));
    expect(read('28.5')).toEqual(read('20.10'));
  });
});
