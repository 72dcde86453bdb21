import { describe, expect, it } from 'vitest';
import { dockerVerb } from '../../src/kits/celery-redis/hints/docker-verb.js';

describe("the stack's hint facts", () => {
  it('reads docker and compose command lines', () => {
    expect(dockerVerb(['container', 'inspect', 'worker'])).toMatchObject({ verb: 'inspect', args: ['worker'] });
    expect(dockerVerb(['compose', '-p', 'x', 'ps'])?.verb).toBe('ps');
    expect(dockerVerb(['ps'], 'docker-compose')).toMatchObject({ verb: 'ps', compose: true });
  });
});
