import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { leaveScreen } from '../../src/cli/status-watch.js';

function capture() {
  let text = '';
  const stream = { isTTY: false, columns: 0, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { output: new Output({ stream, env: { NO_COLOR: '1' } }), text: () => text };
}

describe('what a log and a terminal keep', () => {
  it('off a terminal each step prints once, with its outcome', async () => {
    const { output, text } = capture();
    await output.step('Remove the lab', async (detail) => detail('nothing to clear'));
    await expect(output.step("Remove the lab's state", async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^✔ Remove the lab \(\d+\.\ds\) nothing to clear$/);
    expect(lines[1]).toMatch(/^✘ Remove the lab's state \(\d+\.\ds\)$/);
  });

  it('leaving status --watch (Ctrl-C) puts the last reading back on the normal screen', () => {
    const left = leaveScreen('web   running\nqueue 1,487\n');
    expect(left).toMatch(/^\x1b\[\?25h\x1b\[\?1049l/);
    expect(left.endsWith('web   running\nqueue 1,487\n')).toBe(true);
    expect(leaveScreen(undefined)).toBe('\x1b[?25h\x1b[?1049l');
  });
});
