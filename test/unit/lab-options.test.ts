import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { type LabOptions, labOptions, upRequestOf } from '../../src/cli/lab-options.js';
import { stackStateSchema } from '../../src/kits/celery-redis/baseline.js';
import { baselineSchema } from '../../src/scenarios/worker-oom/baseline.js';
import { workerOom } from '../../src/scenarios/worker-oom/index.js';
import { resolveUpOptions } from '../../src/usecases/up.js';

const parsed = (args: string[]) => {
  const command = new Command('up').exitOverride();
  for (const option of labOptions(workerOom)) command.addOption(option);
  command.parse(args, { from: 'user' });
  return upRequestOf(command.opts<LabOptions>(), command);
};

describe("up's and reset's lab options", () => {
  it("take the port of the lab's site from --port and the traffic from --traffic-interval", () => {
    expect(parsed(['--port', '8091', '--traffic-interval', '0'])).toEqual({ backlog: undefined, sitePort: 8091, trafficIntervalMs: 0, base: undefined });
    expect(parsed(['--backlog', '300'])).toEqual({ backlog: 300, sitePort: undefined, trafficIntervalMs: undefined, base: undefined });
    expect(() => parsed(['--web-port', '8091'])).toThrow(/unknown option '--web-port'/);
  });

  it('keep the port and traffic of a lab left up by the previous version, unless asked otherwise', () => {
    const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'debrief', 'baseline-solved.json'), 'utf8')) as unknown;
    const earlier = stackStateSchema(baselineSchema).parse({ ...(recorded as object), webPort: 8093, customerIntervalMs: 750 });
    expect(resolveUpOptions(workerOom, {}, earlier)).toMatchObject({ sitePort: 8093, trafficIntervalMs: 750 });
    expect(resolveUpOptions(workerOom, { sitePort: 8094 }, earlier)).toMatchObject({ sitePort: 8094, trafficIntervalMs: 750 });
    expect(resolveUpOptions(workerOom, {}, undefined)).toMatchObject({ sitePort: 8080, trafficIntervalMs: 3000 });
  });
});
