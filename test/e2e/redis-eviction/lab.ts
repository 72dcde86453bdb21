import { join } from 'node:path';
import { execa } from 'execa';
import { env as sharedEnv } from '../harness.js';

/** The lab's CLI, the way a user runs it (`up redis-eviction` chooses the outage; the rest act on it). */
export const env = sharedEnv;
const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'async-outage-lab.js');

export function lab(args: string[], timeoutMs = 400_000) {
  return execa('node', [bin, ...args], { env, reject: false, all: true, stdin: 'ignore', timeout: timeoutMs });
}

/** A docker command as the learner types it; its words and exit code. */
export async function run(...argv: string[]): Promise<{ command: string; exitCode: number; out: string }> {
  const result = await execa('docker', argv, { reject: false, all: true, stdin: 'ignore' });
  return { command: `docker ${argv.join(' ')}`, exitCode: result.exitCode ?? -1, out: String(result.all ?? '') };
}

export const redisCli = (...args: string[]) => run('exec', 'redis', 'redis-cli', ...args);
export const policy = (value: string) => redisCli('CONFIG', 'SET', 'maxmemory-policy', value);
export const maxmemory = (value: string) => redisCli('CONFIG', 'SET', 'maxmemory', value);
export const redrive = () => run('exec', 'web', 'redrive-exports');
export const look = async () => [
  await run('ps', '-a'),
  await redisCli('LLEN', 'celery'),
  await redisCli('INFO', 'stats'),
  await redisCli('CONFIG', 'GET', 'maxmemory*'),
];
/** The card's fix: Redis keeps what it is given, with room, and the lost exports queued again. */
/**
 * The card's fix, room first: with the policy first, Redis is full and refuses writes until the
 * room comes, and a worker storing a result in that window dies of it (real, and graded so), which
 * would make a scripted path's expected grade depend on timing.
 */
export const cardFix = async () => [await maxmemory('64mb'), await policy('noeviction'), await redrive()];
