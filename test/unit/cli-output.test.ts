import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { drainProgress } from '../../src/cli/drain-progress.js';
import { InterruptedError, Interruption, stoppedBetweenSteps } from '../../src/cli/interruption.js';
import { Output, truncate } from '../../src/cli/output.js';
import { TerminalWriter } from '../../src/cli/writer.js';
import { drainReading } from '../../src/kits/celery-redis/drain.js';

function capture(options: { tty: boolean; columns?: number }) {
  let text = '';
  const stream = { isTTY: options.tty, columns: options.columns ?? 0, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { output: new Output({ stream, env: { NO_COLOR: '1' } }), text: () => text };
}

const LONG = 'Exited (137), OOMKilled=true, last line: Task exports.generate_csv[7c9d1deb-ee6e-4843-aa7b-572c841d8998] received';

describe('step lines', () => {
  it('fit the terminal width, cut with …', async () => {
    const { output, text } = capture({ tty: true, columns: 60 });
    await output.step('Wait for the worker', async (detail) => detail(LONG));
    const last = text()
      .split(/[\r\n]/)
      .filter(Boolean)
      .at(-1)!
      .replace(/\x1b\[2K/g, '');
    expect([...last].length).toBeLessThanOrEqual(60);
    expect(last).toMatch(/…$/);
  });

  it('keep every character when piped', async () => {
    const { output, text } = capture({ tty: false });
    await output.step('Wait for the worker', async (detail) => detail(LONG));
    expect(text()).toContain(LONG);
  });

  it('truncate counts characters, not bytes', () => {
    expect(truncate('✔ abcdef', 5)).toBe('✔ ab…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('a signal during a step', () => {
  it('lets the step finish and stops before the next one', async () => {
    const { output } = capture({ tty: false });
    const interruption = new Interruption();
    output.interruption = interruption;
    const ran: string[] = [];
    const steps = async () => {
      await output.step('one', async () => {
        interruption.signal = 'SIGINT';
        ran.push('one finished');
      });
      await output.step('two', async () => ran.push('two'));
    };
    const error = await steps().catch((caught: unknown) => caught);
    expect(ran).toEqual(['one finished']);
    expect(error).toBeInstanceOf(InterruptedError);
    const shown = stoppedBetweenSteps(error as InterruptedError, { command: 'reset', recover: 'reset' });
    expect(shown.exitCode).toBe(130);
    expect(shown.message).toBe('reset stopped on Ctrl-C after “one”; the step in progress had finished, nothing was started after it.');
    expect(shown.hint).toContain('`async-outage-lab reset` puts the outage back');
  });

  it('before any step says nothing was changed, and SIGTERM exits 143', () => {
    const shown = stoppedBetweenSteps(new InterruptedError('SIGTERM', undefined), { command: 'down', recover: 'down' });
    expect(shown.exitCode).toBe(143);
    expect(shown.hint).toBe('Nothing was changed: the lab is as it was.');
  });
});

describe('TerminalWriter', () => {
  it('drops writes once its reader has gone, and says so once', () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    const writer = new TerminalWriter(stream);
    let closes = 0;
    writer.onClose(() => closes++);
    writer.write('a\n');
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(writer.closed).toBe(true);
    expect(() => writer.write('b\n')).not.toThrow();
    stream.emit('error', Object.assign(new Error('again'), { code: 'EPIPE' }));
    expect(closes).toBe(1);
  });
});

describe('drain progress', () => {
  it('gives the rate over the recent window in words, and an ETA from it', () => {
    const { output, text } = capture({ tty: false });
    const samples = [0, 1, 2, 3].map((i) => ({ at: 10_000 + i * 1000, queueDepth: 300 - i * 90, ready: i * 90, workerStatus: 'running' }));
    drainProgress(output).update(drainReading(samples.at(-1)!, samples, 300));
    expect(text()).toMatch(/queue 30 · draining at 90\/s over the last 3 s · ETA 1 s · worker running\n$/);
  });
});
