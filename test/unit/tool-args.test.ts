import { describe, expect, it } from 'vitest';
import { judgeToolArgs } from '../../tools/tool-args.js';

const flags = { valued: ['--scenario', '--cycles'], bare: ['--up-only'] };

describe("the development tools' command lines", () => {
  it('takes known flags with their values, and bare flags alone', () => {
    expect(judgeToolArgs([], flags)).toEqual({ ok: true });
    expect(judgeToolArgs(['--scenario', 'poison-loop', '--up-only', '--cycles', '20'], flags)).toEqual({ ok: true });
  });

  it('answers --help and -h with the usage, before anything else', () => {
    expect(judgeToolArgs(['--help'], flags)).toEqual({ help: true });
    expect(judgeToolArgs(['--cycles', 'x', '-h'], flags)).toEqual({ help: true });
  });

  it('refuses a flag it does not know, a stray word, and a flag without its value', () => {
    expect(judgeToolArgs(['--cycle', '3'], flags)).toEqual({ error: 'unknown option --cycle' });
    expect(judgeToolArgs(['redis-eviction'], flags)).toEqual({ error: 'unexpected argument "redis-eviction"' });
    expect(judgeToolArgs(['--scenario'], flags)).toEqual({ error: '--scenario needs a value' });
    expect(judgeToolArgs(['--scenario', '--up-only'], flags)).toEqual({ error: '--scenario needs a value' });
  });
});
