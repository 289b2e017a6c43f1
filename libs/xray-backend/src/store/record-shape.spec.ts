import type { EntityFields } from '@cruddur/xray-contracts';
import { IN_PROGRESS, RecordShapes } from './record-shape';
import { StringPool } from './string-pool';

const base: EntityFields = {
  name: 'gateway',
  id: 'aaaaaaaaaaaaaaaa',
  start_time: 1,
  end_time: 2,
  http: {
    request: { method: 'GET', url: 'http://x/a', user_agent: 'curl', client_ip: '10.0.0.1', traced: true },
    response: { status: 200 },
  },
};

describe('RecordShapes', () => {
  it('shares one shape between documents with the same read fields', () => {
    const shapes = new RecordShapes(new StringPool());
    const a = shapes.of(structuredClone(base), 0, undefined, 'AWS::ECS::Container', 'worf');
    const b = shapes.of(
      { ...structuredClone(base), id: 'bbbbbbbbbbbbbbbb', start_time: 5, end_time: 9 },
      0,
      undefined,
      'AWS::ECS::Container',
      'worf',
    );
    expect(b).toBe(a);
    expect([a.name, a.origin, a.user, a.error, a.fault, a.traced, a.http]).toEqual([
      'gateway',
      'AWS::ECS::Container',
      'worf',
      false,
      false,
      true,
      {
        request: { method: 'GET', url: 'http://x/a', user_agent: 'curl', client_ip: '10.0.0.1', traced: true },
        response: { status: 200 },
      },
    ]);
  });

  it('keeps every differing field apart, never confusing undefined with a string or -0 with 0', () => {
    const shapes = new RecordShapes(new StringPool());
    const variants: [EntityFields, number, string | undefined, string | undefined, string | undefined][] = [
      [base, 0, undefined, undefined, undefined],
      [base, IN_PROGRESS, undefined, undefined, undefined],
      [{ ...base, name: 'other' }, 0, undefined, undefined, undefined],
      [base, 0, 'remote', undefined, undefined],
      [base, 0, 'undefined', undefined, undefined],
      [base, 0, undefined, 'origin', undefined],
      [base, 0, undefined, undefined, 'user'],
      [{ ...base, fault: true }, 0, undefined, undefined, undefined],
      [{ ...base, http: { ...base.http, response: { status: 404 } } }, 0, undefined, undefined, undefined],
      [{ ...base, http: { ...base.http, response: { status: -0 } } }, 0, undefined, undefined, undefined],
      [{ ...base, http: { ...base.http, response: { status: 0 } } }, 0, undefined, undefined, undefined],
      [{ ...base, http: { ...base.http, response: {} } }, 0, undefined, undefined, undefined],
      [{ ...base, http: { request: { ...base.http?.request, method: 'POST' } } }, 0, undefined, undefined, undefined],
      [
        { ...base, http: { request: { ...base.http?.request, user_agent: undefined } } },
        0,
        undefined,
        undefined,
        undefined,
      ],
      [
        { ...base, http: { request: { ...base.http?.request, client_ip: '10.0.0.2' } } },
        0,
        undefined,
        undefined,
        undefined,
      ],
      [
        { ...base, http: { request: { ...base.http?.request, url: 'http://x/b' } } },
        0,
        undefined,
        undefined,
        undefined,
      ],
      [{ ...base, http: undefined }, 0, undefined, undefined, undefined],
    ];
    const made = variants.map(([entity, extra, namespace, origin, user]) =>
      shapes.of(entity, extra, namespace, origin, user),
    );
    expect(new Set(made).size).toBe(variants.length);
    // Looked up again, each finds its own values (the same object while its key holds at most 8 shapes).
    variants.forEach(([entity, extra, namespace, origin, user], n) =>
      expect(shapes.of(entity, extra, namespace, origin, user)).toEqual(made[n]),
    );
    expect(Object.is(made[9].http?.response?.status, -0)).toBe(true);
  });

  it('stays exact past the per-key and total bounds (sharing stops, values do not mix)', () => {
    const shapes = new RecordShapes(new StringPool(), 10);
    for (let n = 0; n < 30; n++) {
      const entity = { ...base, http: { ...base.http, response: { status: 200 + n } } };
      const shape = shapes.of(entity, 0, undefined, undefined, undefined);
      expect(shape.http?.response?.status).toBe(200 + n);
      expect(shapes.of(entity, 0, undefined, undefined, undefined).http?.response?.status).toBe(200 + n);
    }
  });
});
