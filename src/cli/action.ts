import type { Command } from 'commander';
import { ExitCode, LabError } from '../errors.js';
import { formatError, Output } from './output.js';
import { stderr } from './writer.js';

export interface CommonOptions {
  json?: boolean;
}

/**
 * Wraps a command's action: builds its Output, runs it, and turns whatever it throws into one
 * printed error and an exit code. The action returns the exit code it wants.
 */
export function action<O extends CommonOptions>(run: (options: O, output: Output, args: string[], command: Command) => Promise<number>) {
  return async (...params: unknown[]) => {
    // commander passes positional args first, then the options object, then the command.
    const options = (params[params.length - 2] ?? {}) as O;
    const args = params.slice(0, -2).filter((p): p is string => typeof p === 'string');
    const command = params[params.length - 1] as Command;
    const output = new Output({ json: Boolean(options.json) });
    try {
      process.exitCode = await run(options, output, args, command);
    } catch (error) {
      const exitCode = error instanceof LabError ? error.exitCode : ExitCode.failure;
      if (output.json) {
        output.result({
          ok: false,
          error: {
            message: error instanceof Error ? error.message : String(error),
            hint: error instanceof LabError ? error.hint : undefined,
            exitCode,
          },
        });
      }
      stderr().write(`${formatError(error, new Output({ stream: process.stderr }))}\n`);
      process.exitCode = exitCode;
    }
  };
}

/** Parses an integer option within bounds, or fails as a usage error naming the option. */
export function intOption(name: string, min: number, max: number) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw.trim())) throw new LabError(`${name} must be a whole number, got "${raw}"`, { exitCode: ExitCode.usage });
    const value = Number(raw);
    if (value < min || value > max) {
      throw new LabError(`${name} must be between ${min} and ${max}, got ${value}`, { exitCode: ExitCode.usage });
    }
    return value;
  };
}
