import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeExportTask, exportTaskOf, pythonJson, pythonRepr } from '../../src/kits/celery-redis/broker/envelope.js';

// Raw LRANGE values written by Python Celery 5.5.2 (see fixtures/celery/README.md).
const fixtureLines = readFileSync(new URL('../../fixtures/celery/python-celery-5.5.2.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

type Json = Record<string, unknown>;
type RawEnvelope = Json & { body: string; headers: Json; properties: Json };
const parsed = fixtureLines.map((line) => JSON.parse(line) as RawEnvelope);
const bodyOf = (envelope: { body: string }) => JSON.parse(Buffer.from(envelope.body, 'base64').toString('utf8')) as unknown;

/** The fixtures that Python queued with apply_async(args=[id], kwargs={rows, report}): what the web sends. */
const applyAsyncFixtures = parsed
  .map((envelope, index) => ({ envelope, line: fixtureLines[index]! }))
  .filter(({ envelope }) => typeof envelope.headers.kwargsrepr === 'string' && envelope.headers.kwargsrepr.includes("'report'"));

describe('decoding envelopes written by Python Celery 5.5.2', () => {
  it('has the three captured envelopes', () => {
    expect(fixtureLines).toHaveLength(3);
    expect(applyAsyncFixtures).toHaveLength(2);
  });

  it.each(fixtureLines.map((line, index) => [index, line] as const))('decodes fixture line %i', (_index, line) => {
    const decoded = decodeEnvelope(line);
    const raw = JSON.parse(line) as { headers: { id: string; task: string } };
    expect(decoded.id).toBe(raw.headers.id);
    expect(decoded.task).toBe('exports.generate_csv');
    expect(decoded.envelope.properties.delivery_info).toEqual({ exchange: '', routing_key: 'celery' });
    expect(Array.isArray(decoded.args)).toBe(true);
    expect(typeof decoded.kwargs.rows).toBe('number');
  });

  it('reads the export each apply_async fixture asks for', () => {
    const tasks = applyAsyncFixtures.map(({ line }) => exportTaskOf(decodeEnvelope(line)));
    expect(tasks).toEqual([
      { exportId: '0b5e6a1c-9d8f-4e7a-b6c5-d4e3f2a1b0c9', rows: 250, report: 'orders' },
      { exportId: '7c9d2f4e-1b3a-4c5d-8e6f-0a1b2c3d4e5f', rows: 1_400_000, report: 'orders' },
    ]);
  });

  it('decodes the non-ASCII argument Python escaped as \\u00e9', () => {
    const decoded = decodeEnvelope(fixtureLines[0]!);
    expect(decoded.args).toEqual(['abé']);
    expect(decoded.kwargs).toEqual({ rows: 3 });
  });
});

describe('encodeExportTask matches what Python writes', () => {
  const encodeLike = (envelope: RawEnvelope) => {
    const [args, kwargs] = bodyOf(envelope) as [string[], { rows: number; report: string }];
    return encodeExportTask(
      { exportId: args[0]!, rows: kwargs.rows, report: kwargs.report },
      {
        origin: envelope.headers.origin as string,
        replyTo: envelope.properties.reply_to as string,
        deliveryTag: envelope.properties.delivery_tag as string,
      },
    );
  };

  it.each(parsed.map((envelope, index) => [index, envelope] as const))('uses the same keys, in the same order, as fixture %i', (_index, envelope) => {
    const ours = JSON.parse(encodeExportTask({ exportId: envelope.headers.id as string, rows: 3, report: 'orders' }, { origin: 'gen1@web' })) as RawEnvelope;
    expect(Object.keys(ours)).toEqual(Object.keys(envelope));
    expect(Object.keys(ours.headers)).toEqual(Object.keys(envelope.headers));
    expect(Object.keys(ours.properties)).toEqual(Object.keys(envelope.properties));
    expect(Object.keys(ours.properties.delivery_info as Json)).toEqual(Object.keys(envelope.properties.delivery_info as Json));
  });

  it.each(applyAsyncFixtures.map(({ envelope, line }, index) => [index, envelope, line] as const))(
    'produces the same body, argsrepr and kwargsrepr as apply_async fixture %i',
    (_index, envelope, _line) => {
      const ours = JSON.parse(encodeLike(envelope)) as { body: string; headers: Json; properties: Json };
      expect(bodyOf(ours)).toEqual(bodyOf(envelope));
      // Same bytes, not just the same values: Python's separators and escaping.
      expect(ours.body).toBe(envelope.body);
      expect(ours.headers.argsrepr).toBe(envelope.headers.argsrepr);
      expect(ours.headers.kwargsrepr).toBe(envelope.headers.kwargsrepr);
      expect(ours.headers).toEqual(envelope.headers);
      expect(ours.properties).toEqual(envelope.properties);
    },
  );

  it.each(applyAsyncFixtures.map(({ envelope, line }, index) => [index, envelope, line] as const))(
    'is byte-for-byte the raw queue entry of apply_async fixture %i when ids and origin are the same',
    (_index, envelope, line) => {
      expect(encodeLike(envelope)).toBe(line);
    },
  );

  it('escapes non-ASCII in the body the way Python json.dumps does', () => {
    const encoded = encodeExportTask({ exportId: 'abé', rows: 3, report: 'orders' }, { origin: 'gen1@web' });
    const body = Buffer.from((JSON.parse(encoded) as { body: string }).body, 'base64').toString('utf8');
    const pythonBody = Buffer.from(parsed[0]!.body, 'base64').toString('utf8');
    // Python's body starts with the same escaped argument list.
    expect(body.startsWith('[["ab\\u00e9"], ')).toBe(true);
    expect(pythonBody.startsWith('[["ab\\u00e9"], ')).toBe(true);
    // The envelope itself stays pure ASCII, as Python writes it.
    expect(/^[\x20-\x7e]*$/.test(encoded)).toBe(true);
    expect(JSON.parse(encoded).headers.argsrepr).toBe("['abé']");
  });

  it('round-trips through decodeEnvelope, non-ASCII and astral characters included', () => {
    for (const exportId of ['1f0e3d2c-4b5a-4697-8879-6a5b4c3d2e1f', 'abé', 'orders-中文', 'rocket-🚀', 'it\'s "quoted"']) {
      const task = { exportId, rows: 4321, report: 'orders-full-history' };
      const decoded = decodeEnvelope(encodeExportTask(task, { origin: 'gen7@web' }));
      expect(exportTaskOf(decoded)).toEqual(task);
      expect(decoded.id).toBe(exportId);
      expect(decoded.envelope.headers.origin).toBe('gen7@web');
      expect(decoded.envelope.headers.root_id).toBe(exportId);
    }
  });

  it('gives every message its own delivery tag unless one is supplied', () => {
    const task = { exportId: '1f0e3d2c-4b5a-4697-8879-6a5b4c3d2e1f', rows: 10, report: 'orders' };
    const tags = new Set(
      [1, 2, 3].map(() => (JSON.parse(encodeExportTask(task, { origin: 'gen1@web' })) as { properties: { delivery_tag: string } }).properties.delivery_tag),
    );
    expect(tags.size).toBe(3);
  });
});

describe('Python repr and json helpers', () => {
  it('writes what Python 3 repr() writes', () => {
    expect(pythonRepr(['abé'])).toBe("['abé']");
    expect(pythonRepr(["it's"])).toBe('["it\'s"]');
    expect(pythonRepr({ a: 'x"y' })).toBe("{'a': 'x\"y'}");
    expect(pythonRepr({ rows: 250, report: 'orders' })).toBe("{'rows': 250, 'report': 'orders'}");
    expect(pythonRepr([null, true, false])).toBe('[None, True, False]');
  });

  it('writes what Python json.dumps writes', () => {
    expect(pythonJson([['é'], { rows: 1 }, { chain: null }])).toBe('[["\\u00e9"], {"rows": 1}, {"chain": null}]');
    expect(pythonJson('🚀')).toBe('"\\ud83d\\ude80"');
    expect(pythonJson('\u007f')).toBe('"\\u007f"');
  });
});

describe('rejecting what is not a Celery v2 envelope', () => {
  const valid = JSON.parse(fixtureLines[1]!) as RawEnvelope;
  const mutate = (change: (copy: typeof valid) => void) => {
    const copy = structuredClone(valid);
    change(copy);
    return JSON.stringify(copy);
  };

  it.each([
    ['not JSON', 'garbage'],
    ['an empty string', ''],
    ['a JSON array', '[1, 2, 3]'],
    ['JSON null', 'null'],
    ['a pickle content type', mutate((copy) => (copy['content-type'] = 'application/x-python-serialize'))],
    ['no headers', mutate((copy) => delete (copy as Partial<typeof copy>).headers)],
    ['no task id', mutate((copy) => delete copy.headers.id)],
    ['a body that is not base64 JSON', mutate((copy) => (copy.body = Buffer.from('not json').toString('base64')))],
    ['a body that is not [args, kwargs, embed]', mutate((copy) => (copy.body = Buffer.from('[[], {}]').toString('base64')))],
    ['a body whose kwargs are null', mutate((copy) => (copy.body = Buffer.from('[[], null, {}]').toString('base64')))],
  ])('rejects %s', (_what, raw) => {
    expect(() => decodeEnvelope(raw)).toThrow();
  });

  it('does not take another task for an export', () => {
    const other = mutate((copy) => (copy.headers.task = 'billing.charge'));
    expect(exportTaskOf(decodeEnvelope(other))).toBeUndefined();
  });
});
