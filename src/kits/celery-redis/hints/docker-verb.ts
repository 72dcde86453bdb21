import { COMPOSE_GLOBAL_VALUE, DOCKER_GLOBAL_VALUE, parseArgs } from '../../../shim/docker-argv.js';

/** A docker command as verb and arguments: global options skipped, `container X` read as `X`. */
export function dockerVerb(argv: readonly string[], program?: 'docker-compose'): { verb: string; args: readonly string[]; compose: boolean } | undefined {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) i += DOCKER_GLOBAL_VALUE.has(argv[i]!) ? 2 : 1;
  let verb = argv[i];
  let args = argv.slice(i + 1);
  if (program === 'docker-compose') return verb ? { verb, args, compose: true } : undefined;
  if (verb === 'compose') {
    let sub = 0;
    while (sub < args.length && args[sub]!.startsWith('-')) sub += COMPOSE_GLOBAL_VALUE.has(args[sub]!) ? 2 : 1;
    return args[sub] === undefined ? undefined : { verb: args[sub]!, args: args.slice(sub + 1), compose: true };
  }
  if (verb === 'container' && args[0]) [verb, args] = [args[0] === 'ls' || args[0] === 'list' ? 'ps' : args[0], args.slice(1)];
  return verb ? { verb, args, compose: false } : undefined;
}

/** The container names among a command's arguments (its options' values left out). */
export const containerNames = (args: readonly string[]) =>
  parseArgs(args, new Set(['-f', '--format', '--filter', '-n', '--last', '--since', '--until', '--tail', '-t', '--time', '--type']), false).positionals;
