/**
 * What every development tool does with its command line before it touches the lab: `--help`
 * prints its usage (exit 0), and a flag it does not know, or one missing its value, is refused
 * (exit 2), so a typo never starts a run of many minutes with the defaults.
 */
export interface ToolFlags {
  /** Flags followed by a value, e.g. `--seed`. */
  valued: readonly string[];
  /** Flags on their own, e.g. `--up-only`. */
  bare?: readonly string[];
}

export type ToolArgsVerdict = { ok: true } | { help: true } | { error: string };

/** Pure: the verdict on argv (without node and the script). */
export function judgeToolArgs(argv: readonly string[], flags: ToolFlags): ToolArgsVerdict {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at]!;
    if (flags.valued.includes(arg)) {
      const value = argv[at + 1];
      if (value === undefined || value.startsWith('--')) return { error: `${arg} needs a value` };
      at++;
    } else if (!flags.bare?.includes(arg)) {
      return { error: arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument "${arg}"` };
    }
  }
  return { ok: true };
}

/** Applies the verdict: prints the usage and exits on --help (0) or a bad argument (2). */
export function requireToolArgs(argv: readonly string[], flags: ToolFlags, usage: string): void {
  const verdict = judgeToolArgs(argv, flags);
  if ('help' in verdict) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  if ('error' in verdict) {
    process.stderr.write(`error: ${verdict.error}\nusage: ${usage}\n`);
    process.exit(2);
  }
}
