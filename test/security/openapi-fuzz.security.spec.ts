import fc from 'fast-check';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { testEnv } from '../support/test-env';
import { blobDir, startSystem, System } from '../support/system';
import { ctInstance, demoWorld, fuzzCredentials, uploadAs } from './fixtures';
import { registerPatient, upReferral } from '../support/referrals';
import { hostileValue, HOSTILE_STRINGS, Pools, Schema, valueFor } from './schema-arbitrary';
import { OVERBOOKED_SLOTS, SLOTS_OUT_OF_STEP } from '../support/capacity';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  id: string;
  method: string;
  path: string;
  params: Parameter[];
  body?: Schema;
  binary: boolean;
  roles: string[];
  scope: string | null;
}
interface FuzzRequest {
  op: Operation;
  credential: number;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  contentType: string;
  idempotencyKey?: string;
}

const FUZZ_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

function operationsOf(doc: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [route, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> })
        ?.content;
      ops.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path: route,
        params: (op.parameters as Parameter[] | undefined) ?? [],
        body: content?.['application/json']?.schema,
        binary: Boolean(content?.['application/dicom']),
        roles: (op['x-roles'] as string[] | undefined) ?? [],
        scope: (op['x-api-client-scope'] as string | null | undefined) ?? null,
      });
    }
  }
  return ops;
}

/** Writes whose refusal must leave the data exactly as it was. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Everything a refused request could have touched, as one digest. Left out: the audit trail and
 * idempotency keys (written for refusals by design), policy and reading-center defaults (created
 * lazily on first read), API clients' last_used_at and the outbox relay's bookkeeping.
 */
const FINGERPRINT = `SELECT md5(concat_ws('|',
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM gateway.patients t),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM gateway.users t),
  (SELECT count(*) FROM gateway.api_clients), (SELECT count(*) FROM gateway.outbox),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM referral.referrals t),
  (SELECT count(*) FROM referral.transitions),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM referral.reservations t),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM referral.slots t),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM referral.beds t),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM referral.follow_ups t),
  (SELECT count(*) FROM referral.catalog_entries), (SELECT count(*) FROM referral.outbox),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM diagnosis.studies t),
  (SELECT count(*) FROM diagnosis.series), (SELECT count(*) FROM diagnosis.instances),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM diagnosis.report_versions t),
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM diagnosis.critical_findings t),
  (SELECT count(*) FROM diagnosis.outbox))) AS digest`;

/** Percent-encodes a path segment byte by byte (encodeURIComponent throws on lone surrogates). */
const encodeSegment = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** One connection for the thousands of digests (the `sql` helper connects per call). */
let db: Client;
const fingerprint = async () => (await db.query(FINGERPRINT)).rows[0].digest as string;

function blobFiles(): number {
  const root = blobDir();
  if (!existsSync(root)) return 0;
  return readdirSync(root)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .reduce((n, d) => n + readdirSync(path.join(root, d)).length, 0);
}

/**
 * Security review, "Done when": requests generated from /api/docs-json for every operation —
 * valid shapes, wrong types, missing fields, huge and odd strings, NUL, bad dates and UUIDs —
 * as every kind of caller. Never a 5xx; a refused write changes nothing; afterwards the
 * services are healthy and the data consistent.
 */
describe('security: OpenAPI-driven fuzzing of every operation', () => {
  let sys: System;
  let ops: Operation[];
  let credentials: (Record<string, string> | undefined)[];
  /** The roles behind each credential, so most requests come from someone allowed to make them. */
  const CREDENTIAL_ROLES = [
    ['clinician'],
    ['referral_coordinator'],
    ['referral_coordinator'],
    ['community_admin'],
    ['reader'],
    ['reader', 'senior_reader'],
  ];
  let pools: Pools;
  let w: Awaited<ReturnType<typeof demoWorld>>;

  let isolation: Awaited<ReturnType<typeof isolatedRun>>;

  beforeAll(async () => {
    // Its valid writes change the community policy and publish capacity: not in others' data.
    isolation = await isolatedRun('fuzz');
    const slow = { SWEEP_INTERVAL_MS: '3600000' }; // no timed changes while fingerprinting
    sys = await startSystem({}, slow, slow);
    db = new Client({ connectionString: testEnv().DATABASE_URL });
    await db.connect();
    w = await demoWorld(sys);
    const doc = (await (await fetch(`${sys.url}/api/docs-json`)).json()) as Parameters<
      typeof operationsOf
    >[0];
    ops = operationsOf(doc);
    const users = ['pj.doctor', 'pj.coord', 'rm.coord', 'rm.admin', 'rm.reader', 'rm.senior'];
    credentials = await fuzzCredentials(sys.url, users);
    // Real ids, so generated requests also reach the services' deeper paths.
    const patient = await registerPatient(w.as['pj.doctor'], '19770707', 51, '模糊测试');
    const study = (
      await uploadAs(
        sys,
        w.as['pj.doctor'].token,
        ctInstance(`1.2.826.0.1.3680043.10.81.${process.pid}`),
      )
    ).body;
    const referral = (
      await w.as['pj.coord'].post('/api/v1/referrals', upReferral(w.lead, patient, '模糊测试'))
    ).body.id;
    pools = {
      uuids: [
        w.lead,
        w.pingjin,
        w.cardiology,
        w.imaging,
        w.ecgCenter,
        w.ward,
        patient,
        study.studyId,
        study.instanceId,
        referral,
      ],
    };
  });
  afterAll(async () => {
    await db?.end();
    await sys?.stop();
    await isolation?.cleanup();
  });

  it('found every operation in the document, each with an operationId', () => {
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.filter((o) => !o.id || o.id === 'undefined')).toEqual([]);
    expect(new Set(ops.map((o) => o.id)).size).toBe(ops.length);
  });

  it('gives every referral, reading and report step its own documented operation', async () => {
    const doc = (await (await fetch(`${sys.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const steps: Record<string, [string, string[]]> = {
      acceptReferral: ['/api/v1/referrals/{id}/accept', []],
      rejectReferral: ['/api/v1/referrals/{id}/reject', ['reason']],
      redirectReferral: ['/api/v1/referrals/{id}/redirect', ['reason', 'toInstitutionId']],
      cancelReferral: ['/api/v1/referrals/{id}/cancel', ['reason']],
      checkInReferral: ['/api/v1/referrals/{id}/check-in', []],
      markReferralNoShow: ['/api/v1/referrals/{id}/no-show', []],
      completeReferral: ['/api/v1/referrals/{id}/complete', ['summary']],
      renewStudyLease: ['/api/v1/studies/{id}/heartbeat', []],
      releaseStudy: ['/api/v1/studies/{id}/release', []],
      sendStudyBack: ['/api/v1/studies/{id}/send-back', ['reason']],
      saveReportDraft: ['/api/v1/studies/{id}/report/draft', ['findings', 'impression']],
      signReport: ['/api/v1/studies/{id}/report/sign', []],
      approveReport: ['/api/v1/studies/{id}/report/approve', []],
      amendReport: ['/api/v1/studies/{id}/report/amend', ['findings', 'impression', 'reason']],
    };
    for (const [id, [route, required]] of Object.entries(steps)) {
      const op = doc.paths[route]?.post as Record<string, never> | undefined;
      expect([id, op?.operationId]).toEqual([id, id]);
      const body = (op!.requestBody as { content: Record<string, { schema: Schema }> }).content[
        'application/json'
      ].schema;
      expect([id, body.required ?? []]).toEqual([id, required]);
      expect((op!['x-roles'] as string[]).length).toBeGreaterThan(0);
      const ok = (
        op!.responses as Record<string, { content?: Record<string, { schema: Schema }> }>
      )['200'];
      expect(ok.content?.['application/json']?.schema.properties?.status).toBeDefined();
    }
    expect(doc.paths['/api/v1/referrals/{id}/{action}']).toBeUndefined();
    expect(doc.paths['/api/v1/studies/{id}/{step}']).toBeUndefined();
  });

  it(`#9 every list route answers every caller without a 5xx (community admins: 200)`, async () => {
    const day = '2027-03-01';
    const valid: Record<string, string> = {
      institutionId: w.lead,
      from: `${day}T00:00:00+08:00`,
      to: `${day}T23:59:00+08:00`,
      fromDate: day,
      toDate: day,
    };
    const lists = ops.filter((o) => o.method === 'GET' && !o.params.some((p) => p.in === 'path'));
    const problems: string[] = [];
    for (const op of lists) {
      const query = new URLSearchParams();
      for (const p of op.params)
        if (p.in === 'query' && p.required) query.set(p.name, valid[p.name] ?? 'x');
      for (const headers of credentials) {
        const res = await fetch(`${sys.url}${op.path}?${query}`, { headers });
        if (res.status >= 500) problems.push(`${op.id} ${res.status} ${await res.text()}`);
      }
    }
    expect(problems).toEqual([]);
    const admin = credentials[3]!;
    for (const route of ['/api/v1/referrals', '/api/v1/follow-ups'])
      expect((await fetch(`${sys.url}${route}`, { headers: admin })).status).toBe(200);
  });

  it(`${FUZZ_REQUESTS} generated requests: never a 5xx, refused writes change nothing (seed ${SEED})`, async () => {
    const requestFor = (op: Operation): fc.Arbitrary<FuzzRequest> => {
      const of = (where: 'path' | 'query') =>
        fc.record(
          Object.fromEntries(
            op.params
              .filter((p) => p.in === where)
              .map((p) => [p.name, where === 'path' ? pathValue(p) : valueFor(p.schema, pools)]),
          ),
          {
            requiredKeys: op.params
              .filter((p) => p.in === where && (where === 'path' || p.required))
              .map((p) => p.name),
          },
        );
      return fc.record({
        op: fc.constant(op),
        credential: credentialFor(op),
        path: of('path'),
        query: of('query'),
        body: op.binary
          ? fc.oneof(
              fc.uint8Array({ maxLength: 600 }),
              fc.constant(ctInstance(`1.2.9.${Date.now()}`)),
            )
          : valueFor(op.body, pools, 0.2),
        contentType: op.binary
          ? fc.constantFrom(
              'application/dicom',
              'multipart/related; boundary=x',
              'text/plain',
              'application/json',
            )
          : fc.constantFrom(
              'application/json',
              'application/json',
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
            ),
        idempotencyKey: fc.option(fc.constantFrom('fuzz-key-000001', 'bad key!', 'k'.repeat(200)), {
          nil: undefined,
        }),
      });
    };
    const credentialFor = (op: Operation) => {
      const allowed = CREDENTIAL_ROLES.flatMap((roles, i) =>
        op.roles.length === 0 || roles.some((r) => op.roles.includes(r)) ? [i] : [],
      );
      if (op.scope) allowed.push(CREDENTIAL_ROLES.length); // the API key
      return fc.oneof(
        { weight: 3, arbitrary: allowed.length ? fc.constantFrom(...allowed) : fc.constant(0) },
        { weight: 1, arbitrary: fc.nat({ max: credentials.length - 1 }) },
      );
    };
    const pathValue = (p: Parameter) =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...pools.uuids) },
        { weight: 2, arbitrary: fc.uuid() },
        {
          weight: 2,
          arbitrary: p.schema?.enum
            ? fc.constantFrom(...p.schema.enum)
            : fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 200)),
        },
        {
          weight: 1,
          arbitrary: hostileValue.map((v) =>
            (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null')).slice(0, 300),
          ),
        },
      );

    const requests = fc.sample(fc.oneof(...ops.map(requestFor)), {
      numRuns: FUZZ_REQUESTS,
      seed: SEED,
    });
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const halfWritten: string[] = [];
    for (const r of requests) {
      let url = `${sys.url}${r.op.path}`;
      for (const [name, value] of Object.entries(r.path))
        url = url.replace(`{${name}}`, encodeSegment(String(value)));
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(r.query)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value.slice(0, 5) : [value])
          query.append(name, typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
      const headers: Record<string, string> = {
        ...credentials[r.credential],
        'content-type': r.contentType,
      };
      if (r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey;
      const write = WRITES.has(r.op.method);
      const before = write ? await fingerprint() : '';
      const body = !write
        ? undefined
        : r.body instanceof Uint8Array
          ? r.body
          : r.body === undefined
            ? undefined
            : JSON.stringify(r.body);
      const res = await fetch(`${url}${query.size ? `?${query}` : ''}`, {
        method: r.op.method,
        headers,
        body,
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `${r.op.method} ${url.slice(sys.url.length, 300)} → ${res.status}`;
      if (res.status >= 500) failures.push(`${what}: ${text.slice(0, 300)}`);
      else if (res.status >= 400) {
        if (!/application\/problem\+json/.test(res.headers.get('content-type') ?? ''))
          failures.push(`${what}: not problem+json`);
        if (write && (await fingerprint()) !== before)
          halfWritten.push(`${what}: ${text.slice(0, 200)}`);
      }
    }
    console.log(
      `fuzz seed ${SEED}: ${requests.length} requests over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(failures).toEqual([]);
    expect(halfWritten).toEqual([]);
  });

  it('leaves every service healthy and the data consistent', async () => {
    for (const app of [sys.gateway, sys.referral, sys.diagnosis]) {
      expect(app.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${app.port}/health/ready`)).status).toBe(200);
    }
    expect(await sql(OVERBOOKED_SLOTS)).toEqual([]);
    expect(await sql(SLOTS_OUT_OF_STEP)).toEqual([]);
    expect(
      await sql(
        `SELECT r.id FROM referral.referrals r WHERE NOT EXISTS (SELECT 1 FROM referral.transitions t WHERE t.referral_id = r.id)`,
      ),
    ).toEqual([]);
    expect(
      await sql(
        `SELECT s.id FROM diagnosis.studies s WHERE s.instance_count <> (SELECT count(*) FROM diagnosis.instances i WHERE i.study_id = s.id)`,
      ),
    ).toEqual([]);
    // Every stored blob is an indexed instance, and no upload was left half-written.
    // (an instance's file, and its DICOM JSON for WADO-RS metadata)
    const [{ n }] = await sql<{ n: number }>(
      `SELECT (count(*) + count(metadata_blob_key))::int AS n FROM diagnosis.instances`,
    );
    expect(blobFiles()).toBe(n);
    const tmp = path.join(blobDir(), 'tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  });
});
