import fc from 'fast-check';

/** The subset of OpenAPI 3.0 schema objects zod emits for our contracts. */
export interface Schema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array';
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  $ref?: string;
}

/** Strings an attacker, a broken integration or a careless paste would send. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'x\u0000y',
  '\u0007\u001b[31m',
  '\ud800',
  'a\udc00b',
  '😀'.repeat(500),
  '张三'.repeat(3000),
  'a'.repeat(70_000),
  '\u202egnp.exe',
  "'; DROP TABLE gateway.users; --",
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0000-01-01',
  '9999-12-31',
  '0000-01-01T00:00:00+08:00',
  '2027-01-01T00:00:00+23:59',
  '2027-02-30T00:00:00Z',
  '2027-01-01',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6f2b1c1e-0000-4000-8000-00000000000',
];

const HOSTILE_NUMBERS = [-1, 0, 1.5, -0.0001, 2 ** 31, 2 ** 53, 1e308, -1e308, 9999999999];

/** Any JSON value of the wrong kind, including a few large or deep ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(true, false, null),
  fc.constant([]),
  fc.constant({}),
  fc.constant(Array.from({ length: 5000 }, (_, i) => i)),
  fc.constant(JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`)),
  fc.constant({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
  fc.json().map((j) => JSON.parse(j)),
);

export interface Pools {
  /** Real ids of this run (institutions, departments, patients, studies…), for deeper paths. */
  uuids: string[];
}

/** A value for `schema`, valid in shape most of the time, hostile (p ≈ `mutate`) otherwise. */
export function valueFor(schema: Schema | undefined, pools: Pools, mutate = 0.15, depth = 0) {
  const shaped = shapedValue(schema ?? {}, pools, mutate, depth);
  return fc.oneof(
    { weight: Math.round((1 - mutate) * 100), arbitrary: shaped },
    { weight: Math.round(mutate * 100), arbitrary: hostileValue },
  );
}

function shapedValue(
  schema: Schema,
  pools: Pools,
  mutate: number,
  depth: number,
): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  const nested = (s: Schema | undefined) => valueFor(s, pools, mutate, depth + 1);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => nested(s)));
  if (schema.allOf?.length) return nested(schema.allOf[0]);
  switch (schema.type) {
    case 'object': {
      const props = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, s] of props) record[name] = nested(s);
      const full = fc.record(record, {
        requiredKeys: props.map(([n]) => n).filter((n) => required.has(n)),
      });
      // One time in ten a field goes missing, required or not.
      return fc.tuple(full, fc.integer({ min: 0, max: 9 }), fc.nat()).map(([value, roll, pick]) => {
        const keys = Object.keys(value);
        if (roll !== 0 || keys.length === 0) return value;
        const { [keys[pick % keys.length]]: _dropped, ...rest } = value as Record<string, unknown>;
        return rest;
      });
    }
    case 'array':
      return fc.array(nested(schema.items), {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1000, -(2 ** 31)),
        max: Math.min(schema.maximum ?? 1000, 2 ** 31),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e6,
        max: schema.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringFor(schema, pools);
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.boolean());
  }
}

function stringFor(schema: Schema, pools: Pools): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.oneof(fc.constantFrom(...pools.uuids), fc.uuid());
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    default:
      return fc.oneof(
        fc.string({
          minLength: schema.minLength ?? 0,
          maxLength: Math.min(schema.maxLength ?? 40, 40),
        }),
        fc.constantFrom(
          'I20.0',
          'I10',
          'CHEST_PAIN',
          'ROUTINE',
          'STAT',
          'UP',
          'DOWN',
          '08:00',
          '17:30',
          'CT',
        ),
        fc.string({ unit: 'binary', maxLength: 30 }),
      );
  }
}
