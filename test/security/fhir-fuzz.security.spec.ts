import fc from 'fast-check';
import { Client } from 'pg';
import { isolatedRun } from '../support/isolated-run';
import { testEnv } from '../support/test-env';
import { startSystem, System } from '../support/system';
import { demoWorld, fuzzCredentials, localDay } from './fixtures';
import { registerPatient } from '../support/referrals';
import { slotOn } from '../support/capacity';
import { holdParameters, referralBundle } from '../support/fhir';
import { hostileValue, HOSTILE_STRINGS } from './schema-arbitrary';

const FUZZ_REQUESTS = Number(process.env.FHIR_FUZZ_REQUESTS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

interface Capability {
  rest: {
    resource: {
      type: string;
      interaction: { code: string }[];
      searchParam?: { name: string; type: string }[];
      operation?: { name: string }[];
    }[];
  }[];
}
interface FuzzRequest {
  method: string;
  path: string;
  query: [string, string][];
  body?: unknown;
  contentType: string;
  credential: number;
  strict: boolean;
}

/** What a refused FHIR write could have touched: referrals, their steps and the capacity. */
const FINGERPRINT = `SELECT md5(concat_ws('|',
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM referral.referrals t),
  (SELECT count(*) FROM referral.transitions),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM referral.reservations t),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM referral.slots t),
  (SELECT count(*) FROM referral.outbox))) AS digest`;

/**
 * A copy of `value` with one element somewhere replaced by a hostile value, or removed; the
 * choices come from fast-check, so a seed replays the same mutations.
 */
function mutate(value: unknown, next: () => number, hostile: unknown): unknown {
  if (value === null || typeof value !== 'object') return hostile;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  const keys = Object.keys(copy);
  if (!keys.length) return hostile;
  const key = keys[next() % keys.length];
  const roll = next() % 10;
  if (roll < 2) delete copy[key];
  else if (roll < 5) copy[key] = hostile;
  else copy[key] = mutate(copy[key], next, hostile);
  return copy;
}

/**
 * G2a bad input, generated from the CapabilityStatement: searches with every supported and
 * unsupported parameter, reads of odd ids, and mutated transaction Bundles, Task updates, JSON
 * Patches and $hold/$book Parameters, as every kind of caller. Never a 5xx; every error is an
 * OperationOutcome; a refused write changes nothing.
 */
describe('security: FHIR fuzzing driven by the CapabilityStatement', () => {
  let sys: System;
  let db: Client;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let credentials: (Record<string, string> | undefined)[];
  let capability: Capability;
  let validBundle: unknown;
  let task: unknown;
  let ids: string[];

  beforeAll(async () => {
    isolation = await isolatedRun('fhirfuzz');
    const slow = { SWEEP_INTERVAL_MS: '3600000' };
    sys = await startSystem({}, slow, slow);
    db = new Client({ connectionString: testEnv().DATABASE_URL });
    await db.connect();
    const w = await demoWorld(sys);
    const patient = await registerPatient(w.as['pj.doctor'], '19880808', 33, '模糊');
    const slot = (
      await w.as['rm.coord'].post('/api/v1/capacity/slots', {
        departmentId: w.cardiology,
        slots: [slotOn(localDay(4), '09:00', '09:30', 3, 'REFERRAL')],
      })
    ).body.slots[0].id;
    const users = ['pj.coord', 'rm.coord', 'pj.doctor', 'rm.reader', 'zy.coord'];
    credentials = await fuzzCredentials(sys.url, users);
    validBundle = referralBundle({ patientId: patient, to: w.lead, slotId: slot });
    const created = await fetch(`${sys.url}/fhir`, {
      method: 'POST',
      headers: { ...credentials[0], 'content-type': 'application/fhir+json' },
      body: JSON.stringify(validBundle),
    });
    expect(created.status).toBe(200);
    task = ((await created.json()) as { entry: { resource: unknown }[] }).entry[1].resource;
    const referral = (task as { id: string }).id;
    ids = [referral, patient, slot, w.lead, w.pingjin, w.cardiology];
    capability = (await (
      await fetch(`${sys.url}/fhir/metadata`, { headers: credentials[0] })
    ).json()) as Capability;
  });
  afterAll(async () => {
    await db?.end();
    await sys?.stop();
    await isolation?.cleanup();
  });

  it(`${FUZZ_REQUESTS} generated requests: never a 5xx, always OperationOutcome, refused writes change nothing (seed ${SEED})`, async () => {
    const resources = capability.rest[0].resource;
    const plausible = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ids) },
      { weight: 4, arbitrary: fc.constantFrom(...ids).map((id) => `Patient/${id}`) },
      { weight: 4, arbitrary: fc.constantFrom(...ids).map((id) => `Organization/${id}`) },
      {
        weight: 3,
        arbitrary: fc
          .constantFrom('ge', 'gt', 'le', 'lt', 'eq', '', 'ne', 'sa')
          .map((p) => `${p}${localDay(0)}`),
      },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'requested',
          'accepted,completed',
          'final',
          'active',
          'REFERRAL',
          'free',
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((x) => x.length < 300)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    );
    const idValue = fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.constantFrom('x', '..', '%00'));
    const search = fc
      .record({
        r: fc.constantFrom(
          ...resources.filter((r) => r.interaction.some((i) => i.code === 'search-type')),
        ),
        extra: fc.array(
          fc.tuple(fc.constantFrom('_count', '_offset', 'colour', '_sort'), plausible),
          { maxLength: 2 },
        ),
        picks: fc.array(fc.tuple(fc.nat(20), plausible), { maxLength: 4 }),
      })
      .map(({ r, extra, picks }) => ({
        method: 'GET',
        path: r.type,
        query: [
          ...picks.map(
            ([i, v]) => [r.searchParam![i % r.searchParam!.length].name, v] as [string, string],
          ),
          ...extra,
        ],
      }));
    const read = fc
      .tuple(fc.constantFrom(...resources.map((r) => r.type)), idValue)
      .map(([type, id]) => ({
        method: 'GET',
        path: `${type}/${encodeURIComponent(id)}`,
        query: [],
      }));
    const mutated = (base: () => unknown) =>
      fc
        .tuple(fc.array(fc.nat(1000), { minLength: 16, maxLength: 16 }), hostileValue, fc.nat(3))
        .map(([choices, hostile, times]) => {
          let i = 0;
          const next = () => choices[i++ % choices.length];
          let v = base();
          for (let n = 0; n < times; n++) v = mutate(v, next, hostile);
          return v;
        });
    const writes = fc.oneof(
      mutated(() => validBundle).map((body) => ({ method: 'POST', path: '', query: [], body })),
      mutated(() => ({ ...(task as object), status: 'accepted' })).map((body) => ({
        method: 'PUT',
        path: `Task/${ids[0]}`,
        query: [],
        body,
      })),
      fc
        .array(
          fc.record({
            op: fc.constantFrom('replace', 'add', 'remove', 'move', 'copy', 'test', 'x'),
            path: fc.constantFrom(
              '/status',
              '/owner',
              '/for',
              '/id',
              '/statusReason',
              '/~',
              '',
              '/a/b/c',
            ),
            value: fc.oneof(fc.constantFrom('accepted', 'rejected', 'completed'), hostileValue),
          }),
          { maxLength: 25 },
        )
        .map((body) => ({ method: 'PATCH', path: `Task/${ids[0]}`, query: [], body })),
      mutated(() => holdParameters(ids[0], ids[2])).map((body) => ({
        method: 'POST',
        path: 'Appointment/$hold',
        query: [],
        body,
      })),
      mutated(() => ({
        resourceType: 'Parameters',
        parameter: [
          { name: 'appointment-reference', valueReference: { reference: `Appointment/${ids[0]}` } },
        ],
      })).map((body) => ({ method: 'POST', path: 'Appointment/$book', query: [], body })),
    );
    const requests: FuzzRequest[] = fc.sample(
      fc
        .tuple(
          fc.oneof(
            { weight: 4, arbitrary: search },
            { weight: 2, arbitrary: read },
            { weight: 4, arbitrary: writes },
          ),
          // Mostly callers who may make the request, so the deeper paths are reached too.
          fc.oneof(
            { weight: 4, arbitrary: fc.nat(3) },
            { weight: 1, arbitrary: fc.nat(credentials.length - 1) },
          ),
          fc.constantFrom(
            'application/fhir+json',
            'application/fhir+json',
            'application/json',
            'application/json-patch+json',
            'text/plain',
          ),
          fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
        )
        .map(([r, credential, contentType, strict]) => ({
          ...(r as Omit<FuzzRequest, 'credential' | 'contentType' | 'strict'>),
          credential,
          contentType:
            r.method === 'PATCH' && contentType === 'application/fhir+json'
              ? 'application/json-patch+json'
              : contentType,
          strict,
        })),
      { numRuns: FUZZ_REQUESTS, seed: SEED },
    );

    const fingerprint = async () => (await db.query(FINGERPRINT)).rows[0].digest as string;
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const halfWritten: string[] = [];
    for (const r of requests) {
      const q = new URLSearchParams(r.query);
      const url = `${sys.url}/fhir${r.path ? `/${r.path}` : ''}${r.query.length ? `?${q}` : ''}`;
      const write = r.method !== 'GET';
      const before = write ? await fingerprint() : '';
      const res = await fetch(url, {
        method: r.method,
        headers: {
          ...credentials[r.credential],
          'content-type': r.contentType,
          ...(r.strict ? { prefer: 'handling=strict' } : {}),
        },
        body: write ? JSON.stringify(r.body) : undefined,
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `${r.method} ${url.slice(sys.url.length, 200)} → ${res.status}`;
      if (res.status >= 500) failures.push(`${what}: ${text.slice(0, 300)}`);
      else if (res.status >= 400) {
        if (!/application\/fhir\+json/.test(res.headers.get('content-type') ?? ''))
          failures.push(`${what}: not application/fhir+json`);
        else if (JSON.parse(text).resourceType !== 'OperationOutcome')
          failures.push(`${what}: not an OperationOutcome`);
        if (write && (await fingerprint()) !== before)
          halfWritten.push(`${what}: ${text.slice(0, 200)}`);
      }
    }
    console.log(
      `FHIR fuzz seed ${SEED}: ${requests.length} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(failures).toEqual([]);
    expect(halfWritten).toEqual([]);
    // Some requests must get through, or the fuzzer only tested the front door.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(FUZZ_REQUESTS / 50);
  });

  it('leaves every service healthy and the capacity consistent', async () => {
    for (const app of [sys.gateway, sys.referral, sys.diagnosis]) {
      expect(app.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${app.port}/health/ready`)).status).toBe(200);
    }
    const { rows } = await db.query(
      `SELECT s.id FROM referral.slots s WHERE s.held + s.booked > s.capacity
          OR s.held <> (SELECT count(*) FROM referral.reservations r WHERE r.slot_id = s.id AND r.status = 'HELD')`,
    );
    expect(rows).toEqual([]);
  });
});
