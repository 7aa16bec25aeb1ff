import Ajv, { ValidateFunction } from 'ajv';
import request from 'supertest';
import { syntheticEcg } from '../../libs/shared/src/waveform/fixture';
import { ctInstance, demoWorld, localDay, residentId } from '../security/fixtures';
import { schedule, slotOn } from '../support/capacity';
import { Api, eventually } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { DEMO_API_KEY, DEMO_PASSWORD, startSystem, System } from '../support/system';
import { WebhookReceiver } from '../support/webhook-receiver';
import { validateOpenApi } from '../support/openapi';

type Schema = Record<string, unknown>;
interface DocOperation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Doc {
  paths: Record<string, Record<string, DocOperation>>;
  components: { schemas: Record<string, Schema> };
}
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  op: DocOperation;
}

/** Public by design: probes and signing in. */
const PUBLIC = new Set(['liveness', 'readiness', 'signIn', 'startSession', 'endSession']);
/** Health reports its own body on 503, not a problem. */
const NO_PROBLEM = new Set(['liveness', 'readiness']);

/**
 * Operations this walk does not call, each with the reason. Anything else left unexercised
 * fails the last test, so a new operation needs a call here (or a reason).
 */
const NOT_EXERCISED: Record<string, string> = {
  // Empty today: the sweeps, which move the whole community's data, run last in the walk.
};
/**
 * The admin console's operations (apps/gateway/src/admin): held to the completeness check above,
 * walked with their responses by their own suite, test/e2e/admin.e2e.spec.ts.
 */
const ADMIN_PATH = /^\/api\/v1\/admin\//;

/** Ajv for OpenAPI 3.0 schemas: `nullable` and `example` understood, formats checked. */
function ajvFor(doc: Doc) {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('date-time', {
    validate: (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) &&
      !Number.isNaN(Date.parse(s)),
  });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  const compiled = new Map<Schema, ValidateFunction>();
  // Refs in the document are local ('#/components/…'): point them at the registered copy. OpenAPI
  // 3.0's boolean exclusiveMinimum/Maximum (draft 4) become JSON Schema's numeric ones.
  const rebaseSchema = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rebaseSchema);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out[k] = `doc${v}`;
      else out[k] = rebaseSchema(v);
    }
    for (const [bound, limit] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof out[bound] !== 'boolean') continue;
      if (out[bound]) out[bound] = out[limit];
      else delete out[bound];
      if (typeof out[bound] === 'number') delete out[limit];
    }
    return out;
  };
  ajv.addSchema(rebaseSchema({ components: doc.components }) as Schema, 'doc');
  return (schema: Schema) => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(rebaseSchema(schema) as Schema);
      compiled.set(schema, fn);
    }
    return fn;
  };
}

/**
 * Issue 13 item 5: /api/docs-json describes every operation fully, and the real system's
 * answers — successes and problems — match the document's schema for that operation and status.
 */
describe('OpenAPI contract against the running system (e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let doc: Doc;
  let routes: Route[];
  let validatorOf: ReturnType<typeof ajvFor>;
  const rx = new WebhookReceiver();
  /** operationId → statuses seen (and validated). */
  const seen = new Map<string, Set<number>>();
  const mismatches: string[] = [];

  beforeAll(async () => {
    isolation = await isolatedRun('openapicontract');
    await rx.start();
    sys = await startSystem({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    w = await demoWorld(sys);
    doc = (await (await fetch(`${sys.url}/api/docs-json`)).json()) as Doc;
    validatorOf = ajvFor(doc);
    routes = Object.entries(doc.paths)
      .flatMap(([template, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          method: method.toUpperCase(),
          template,
          op,
          pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
        })),
      )
      // Literal segments before parameters: /referrals/indicators is not /referrals/{id}.
      .sort(
        (a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0),
      );
  });
  afterAll(async () => {
    await sys?.stop();
    await rx.stop();
    await isolation?.cleanup();
  });

  /** Checks one real answer against the document and records the operation as exercised. */
  function check(method: string, url: string, status: number, type: string, body: unknown) {
    const path = url.split('?')[0];
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) return void mismatches.push(`${method} ${path}: no operation in the document`);
    const id = route.op.operationId!;
    seen.set(id, (seen.get(id) ?? new Set()).add(status));
    const response = route.op.responses[String(status)];
    if (!response) return void mismatches.push(`${id} ${status}: status not documented`);
    const mediaType = type.split(';')[0].trim();
    const content = response.content?.[mediaType];
    if (!content) {
      mismatches.push(`${id} ${status}: ${mediaType} not documented`);
      return;
    }
    if (!/json/.test(mediaType)) return; // SVG, event streams: the media type is the contract
    if (!content.schema) return void mismatches.push(`${id} ${status}: no schema`);
    const validate = validatorOf(content.schema);
    if (!validate(body))
      mismatches.push(
        `${id} ${status}: ${JSON.stringify(validate.errors?.slice(0, 3))} in ${JSON.stringify(body).slice(0, 300)}`,
      );
  }

  type Who = Api | { apiKey: string } | undefined;
  async function call(who: Who, method: string, url: string, body?: unknown, headers = {}) {
    const auth: Record<string, string> =
      who instanceof Api
        ? { authorization: `Bearer ${who.token}` }
        : who
          ? { 'x-api-key': who.apiKey }
          : {};
    const res = await fetch(`${sys.url}${url}`, {
      method,
      headers: {
        ...auth,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const parsed = /json/.test(type) && text ? JSON.parse(text) : text;
    check(method, url, res.status, type, parsed);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: parsed as any };
  }
  const get = (who: Who, url: string) => call(who, 'GET', url);
  const post = (who: Who, url: string, body: unknown = {}) => call(who, 'POST', url, body);
  async function ok(p: Promise<{ status: number; body: unknown }>, status = 200) {
    const res = await p;
    expect([status, res.status, res.body]).toEqual([status, status, res.body]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return res.body as any;
  }
  async function upload(token: string, bytes: Buffer, type = 'application/dicom') {
    const res = await request(sys.url)
      .post('/api/v1/studies/instances')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', type)
      .send(bytes);
    check('POST', '/api/v1/studies/instances', res.status, res.headers['content-type'], res.body);
    return res;
  }

  it('documents every operation: operationId, success schema, problems, security', () => {
    expect(validateOpenApi(doc)).toEqual({ valid: true });
    const gaps: string[] = [];
    for (const { method, template, op } of routes) {
      const id = op.operationId ?? `${method} ${template}`;
      if (!op.operationId) gaps.push(`${id}: no operationId`);
      const statuses = Object.keys(op.responses);
      const successes = statuses.filter((s) => s.startsWith('2'));
      if (successes.length === 0) gaps.push(`${id}: no success response`);
      for (const s of successes) {
        const content = op.responses[s].content ?? {};
        if (!Object.values(content).some((c) => c.schema)) gaps.push(`${id} ${s}: no schema`);
      }
      const problems = statuses.filter((s) => Number(s) >= 400);
      if (!NO_PROBLEM.has(id)) {
        for (const must of ['400', '500', '503'])
          if (!problems.includes(must)) gaps.push(`${id}: no ${must} answer`);
        if (!PUBLIC.has(id))
          for (const must of ['401', '403'])
            if (!problems.includes(must)) gaps.push(`${id}: no ${must} answer`);
      }
      for (const s of NO_PROBLEM.has(id) ? [] : problems) {
        // Problem<status>: Problem narrowed to that status and the codes that map to it.
        const ref = op.responses[s].content?.['application/problem+json']?.schema?.$ref;
        const narrowed = doc.components.schemas[`Problem${s}`] as
          { allOf: [{ $ref: string }, { properties: { code: { enum: string[] } } }] } | undefined;
        if (ref !== `#/components/schemas/Problem${s}`) gaps.push(`${id} ${s}: not a Problem`);
        else if (
          narrowed?.allOf[0].$ref !== '#/components/schemas/Problem' ||
          !narrowed.allOf[1].properties.code.enum.length
        )
          gaps.push(`Problem${s}: not Problem narrowed to its codes`);
      }
      const json = (op as { requestBody?: { content?: Record<string, unknown> } }).requestBody
        ?.content?.['application/json'];
      const headers = ((op as { parameters?: { in: string; name: string }[] }).parameters ?? [])
        .filter((p) => p.in === 'header')
        .map((p) => p.name);
      if (method === 'POST' && json && !PUBLIC.has(id) && !headers.includes('Idempotency-Key'))
        gaps.push(`${id}: Idempotency-Key not documented`);
      if (PUBLIC.has(id)) {
        if ((op.security ?? []).length !== 0) gaps.push(`${id}: public, yet has security`);
      } else if (!op.security?.some((r) => 'bearer' in r)) gaps.push(`${id}: no security`);
    }
    expect(gaps).toEqual([]);
    const problem = doc.components.schemas.Problem as { properties: { code: { enum: string[] } } };
    expect(problem.properties.code.enum).toEqual(
      expect.arrayContaining(['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_TRANSITION']),
    );
  });

  it('answers a realistic walk with bodies that match the document, successes and problems', async () => {
    const pjDoctor = w.as['pj.doctor'];
    const pjCoord = w.as['pj.coord'];
    const rmCoord = w.as['rm.coord'];
    const rmAdmin = w.as['rm.admin'];
    const rmReader = w.as['rm.reader'];
    const rmSenior = w.as['rm.senior'];
    const rmEcg = w.as['rm.ecg'];
    const key = { apiKey: DEMO_API_KEY };
    const nobody = '00000000-0000-4000-8000-000000000000';

    // Health, signing in, who am I.
    await ok(get(undefined, '/health/live'));
    await ok(get(undefined, '/health/ready'));
    await ok(
      post(undefined, '/api/v1/auth/token', { username: 'pj.doctor', password: DEMO_PASSWORD }),
    );
    await ok(
      post(undefined, '/api/v1/auth/token', { username: 'pj.doctor', password: 'wrong' }),
      401,
    );
    await ok(get(pjDoctor, '/api/v1/me'));
    // The console's cookie session (its cookie and CSRF rules: console-session.e2e.spec.ts).
    await ok(
      post(undefined, '/api/v1/auth/session', { username: 'pj.doctor', password: DEMO_PASSWORD }),
    );
    await ok(get(pjDoctor, '/api/v1/auth/session'));
    await ok(call(undefined, 'DELETE', '/api/v1/auth/session'));
    // The admin console's own operation: only its refusal here, the demo logins must keep working.
    await ok(
      post(pjDoctor, '/api/v1/me/password', {
        currentPassword: 'not-the-password',
        newPassword: 'Contract-Walk-2027!',
      }),
      400,
    );
    await ok(get(key, '/api/v1/me'));
    await ok(get(undefined, '/api/v1/me'), 401);

    // Directory.
    const [community] = await ok(get(pjDoctor, '/api/v1/communities'));
    await ok(get(pjDoctor, `/api/v1/communities/${community.id}`));
    await ok(get(pjDoctor, `/api/v1/communities/${nobody}`), 404);
    await ok(get(key, '/api/v1/institutions?type=LEAD_HOSPITAL'));
    await ok(get(pjDoctor, '/api/v1/institutions?type=HOSPITAL'), 400);
    await ok(get(pjDoctor, `/api/v1/institutions/${w.lead}`));
    await ok(get(pjDoctor, `/api/v1/institutions/${w.lead}/departments`));
    await ok(get(rmAdmin, '/api/v1/users'));
    await ok(get(pjDoctor, '/api/v1/users'), 403);

    // Patients.
    const rid = residentId('19600303', 71);
    const patient = await ok(
      post(pjDoctor, '/api/v1/patients', {
        residentId: rid,
        name: '契约测试',
        phone: '13800138000',
      }),
      201,
    );
    await ok(post(pjDoctor, '/api/v1/patients', { residentId: rid, name: '契约测试' }), 200);
    const again = { residentId: residentId('19600303', 72), name: '幂等测试' };
    const keyed = { 'idempotency-key': `contract-${process.pid}-0001` };
    await ok(call(pjDoctor, 'POST', '/api/v1/patients', again, keyed), 201);
    await ok(call(pjDoctor, 'POST', '/api/v1/patients', again, keyed), 201); // replayed
    await ok(call(pjDoctor, 'POST', '/api/v1/patients', { ...again, name: '别的' }, keyed), 422);
    await ok(post(pjDoctor, '/api/v1/patients', { residentId: '123', name: 'x' }), 400);
    await ok(post(pjDoctor, '/api/v1/patients/search', { residentId: rid }));
    await ok(get(pjDoctor, `/api/v1/patients/${patient.id}`));
    await ok(
      call(pjCoord, 'PATCH', `/api/v1/patients/${patient.id}`, { familyDoctorSigned: true }),
    );
    await ok(get(pjDoctor, `/api/v1/patients/${nobody}`), 404);

    // Capacity at the lead hospital.
    const day = localDay(3);
    await ok(
      post(
        rmCoord,
        '/api/v1/capacity/schedules',
        schedule(w.cardiology, day, day, { doctorName: '王医生', referralCapacityPerSlot: 2 }),
      ),
      201,
    );
    await ok(
      post(
        rmCoord,
        '/api/v1/capacity/schedules',
        schedule(w.cardiology, day, day, {
          sessions: [{ start: '14:00', end: '15:00' }],
          slotMinutes: 0,
          generalCapacityPerSlot: 3,
        }),
      ),
      400,
    );
    await ok(
      post(rmCoord, '/api/v1/capacity/slots', {
        departmentId: w.cardiology,
        slots: [slotOn(localDay(4), '08:00', '08:30', 2, 'REFERRAL')],
      }),
      201,
    );
    const window = `institutionId=${w.lead}&from=${day}T00:00:00%2B08:00&to=${localDay(5)}T23:59:00%2B08:00`;
    const slots = (
      await ok(
        get(pjCoord, `/api/v1/capacity/slots?${window}&departmentId=${w.cardiology}&pool=REFERRAL`),
      )
    ).items as { id: string }[];
    expect(slots.length).toBeGreaterThan(3);
    await ok(get(pjCoord, `/api/v1/capacity/slots?institutionId=${w.lead}&from=x&to=y`), 400);
    await ok(
      post(rmCoord, '/api/v1/capacity/beds', {
        departmentId: w.ward,
        beds: ['C1', 'C2', 'C3', 'C4'].map((number, i) => ({
          number,
          pool: i === 0 ? 'REFERRAL' : 'GENERAL',
        })),
      }),
      201,
    );
    await ok(get(pjCoord, `/api/v1/capacity/beds?${window}`));
    await ok(
      get(
        rmCoord,
        `/api/v1/capacity/compliance?institutionId=${w.lead}&fromDate=${day}&toDate=${localDay(5)}`,
      ),
    );

    // Referral policy and catalog (written back as they were).
    const policy = await ok(get(rmAdmin, '/api/v1/referral-policy'));
    await ok(
      call(rmAdmin, 'PATCH', '/api/v1/referral-policy', { holdMinutes: policy.holdMinutes }),
    );
    const catalog = await ok(get(rmAdmin, '/api/v1/referral-catalog'));
    await ok(
      call(rmAdmin, 'PUT', '/api/v1/referral-catalog/PRIMARY_CARE', {
        entries: (catalog.PRIMARY_CARE as { from: string; to: string; label: string }[]).map(
          (e) => ({
            from: e.from,
            ...(e.to && e.to !== e.from ? { to: e.to } : {}),
            label: e.label,
          }),
        ),
      }),
    );

    // Webhooks of the community admin, to a local receiver, before the referrals make events.
    const client = await ok(
      post(rmAdmin, '/api/v1/api-clients', {
        name: '屏锦 HIS（契约测试）',
        institutionId: w.pingjin,
        scopes: ['referrals:read', 'webhooks:manage'],
      }),
      201,
    );
    await ok(get(rmAdmin, '/api/v1/webhooks/event-types'));
    const hook = await ok(
      post(rmAdmin, '/api/v1/webhooks/endpoints', {
        clientId: client.id,
        url: rx.url('/contract'),
        eventTypes: ['referral.submitted', 'referral.accepted'],
        description: 'contract walk',
      }),
      201,
    );
    rx.secrets.set('/contract', [hook.secret]);

    // Referrals: every step.
    const referral = (over: object = {}) => ({
      direction: 'UP',
      toInstitutionId: w.lead,
      patientId: patient.id,
      diagnoses: ['I20.0'],
      reason: '不稳定型心绞痛',
      urgency: 'URGENT',
      ...over,
    });
    const r1 = await ok(
      post(pjCoord, '/api/v1/referrals', referral({ hold: { kind: 'SLOT', slotId: slots[0].id } })),
      201,
    );
    await ok(post(pjCoord, `/api/v1/referrals/${r1.id}/accept`, {}), 403);
    await ok(post(rmCoord, `/api/v1/referrals/${r1.id}/complete`, { summary: '过早' }), 409);
    await ok(post(rmCoord, `/api/v1/referrals/${r1.id}/accept`, { reason: '已安排门诊' }));
    await ok(post(rmCoord, `/api/v1/referrals/${r1.id}/check-in`, {}));
    await ok(post(rmCoord, `/api/v1/referrals/${r1.id}/complete`, { summary: '回基层随访' }));
    await ok(get(pjCoord, `/api/v1/referrals/${r1.id}`));
    await ok(get(pjCoord, `/api/v1/referrals/${nobody}`), 404);
    await ok(get(pjCoord, '/api/v1/referrals?role=sent&limit=5'));
    await ok(get(rmAdmin, '/api/v1/referrals'));

    const r2 = await ok(post(pjCoord, '/api/v1/referrals', referral()), 201);
    await ok(
      post(pjCoord, `/api/v1/referrals/${r2.id}/hold`, { kind: 'SLOT', slotId: slots[1].id }),
    );
    await ok(post(rmCoord, `/api/v1/referrals/${r2.id}/reject`, { reason: '建议先完善检查' }));
    const r3 = await ok(post(pjCoord, '/api/v1/referrals', referral()), 201);
    await ok(post(pjCoord, `/api/v1/referrals/${r3.id}/cancel`, { reason: '患者改变主意' }));
    const r4 = await ok(
      post(pjCoord, '/api/v1/referrals', referral({ hold: { kind: 'SLOT', slotId: slots[2].id } })),
      201,
    );
    await ok(post(rmCoord, `/api/v1/referrals/${r4.id}/accept`, {}));
    await ok(post(rmCoord, `/api/v1/referrals/${r4.id}/no-show`, {}));
    // The lead hospital sends patients back down to Pingjin.
    const sendDown = (diagnosis: string, reason: string, over: object = {}) =>
      ok(
        post(
          rmCoord,
          '/api/v1/referrals',
          referral({
            direction: 'DOWN',
            toInstitutionId: w.pingjin,
            diagnoses: [diagnosis],
            reason,
            ...over,
          }),
        ),
        201,
      );
    const down = await sendDown('I10', '高血压稳定期，回基层管理');
    await ok(
      post(pjCoord, `/api/v1/referrals/${down.id}/redirect`, {
        reason: '患者居住地属福禄镇',
        toInstitutionId: w.fulu,
      }),
    );
    const back = await sendDown('I25.1', '稳定期回基层管理', { continuesReferralId: r1.id });
    await ok(post(pjCoord, `/api/v1/referrals/${back.id}/accept`, {}));
    const followUps = (await ok(get(pjCoord, '/api/v1/follow-ups?status=SCHEDULED'))).items as {
      id: string;
      referralId: string;
    }[];
    const followUp = followUps.find((f) => f.referralId === back.id)!;
    await ok(
      post(rmCoord, `/api/v1/follow-ups/${followUp.id}/record`, {
        outcome: 'STABLE',
        notes: '血压控制良好',
      }),
    );
    const from = encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString());
    const to = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
    await ok(get(rmAdmin, `/api/v1/referrals/indicators?from=${from}&to=${to}`));

    // Webhook endpoint management and its deliveries.
    await ok(get(rmAdmin, `/api/v1/webhooks/endpoints?clientId=${client.id}`));
    await ok(get(rmAdmin, `/api/v1/webhooks/endpoints/${hook.id}`));
    await ok(
      call(rmAdmin, 'PATCH', `/api/v1/webhooks/endpoints/${hook.id}`, { description: '契约' }),
    );
    const rotated = await ok(
      post(rmAdmin, `/api/v1/webhooks/endpoints/${hook.id}/rotate-secret`, {}),
    );
    rx.secrets.set('/contract', [hook.secret, rotated.secret].filter(Boolean));
    const deliveries = await eventually('a webhook delivery', async () => {
      const res = await get(rmAdmin, `/api/v1/webhooks/endpoints/${hook.id}/deliveries`);
      return res.body.items?.length ? (res.body.items as { id: string }[]) : undefined;
    });
    await ok(get(rmAdmin, `/api/v1/webhooks/deliveries/${deliveries[0].id}`));
    await ok(post(rmAdmin, `/api/v1/webhooks/deliveries/${deliveries[0].id}/replay`, undefined));
    await ok(
      post(rmAdmin, `/api/v1/webhooks/endpoints/${hook.id}/replay`, {
        since: new Date(Date.now() - 3_600_000).toISOString(),
      }),
    );
    await ok(call(rmAdmin, 'DELETE', `/api/v1/webhooks/endpoints/${hook.id}`));
    await ok(get(rmAdmin, `/api/v1/webhooks/endpoints/${hook.id}`), 404);

    // Reading: settings, upload, request, worklist, claim, lease, report, approval, amendment.
    await ok(get(rmAdmin, `/api/v1/reading-centers/${w.imaging}/settings`));
    await ok(
      call(rmAdmin, 'PATCH', `/api/v1/reading-centers/${w.imaging}/settings`, {
        requiresSeniorApproval: true,
      }),
    );
    const uid = `1.2.826.0.1.3680043.10.131.${process.pid}`;
    const ct = await upload(pjDoctor.token, ctInstance(`${uid}.1`));
    expect(ct.status).toBe(201);
    expect((await upload(pjDoctor.token, ctInstance(`${uid}.1`))).status).toBe(200);
    const boundary = 'contractwalk';
    const batch = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      ctInstance(`${uid}.2`),
      Buffer.from(`\r\n--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      Buffer.from('not dicom at all'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(
      (
        await upload(
          pjDoctor.token,
          batch,
          `multipart/related; type="application/dicom"; boundary=${boundary}`,
        )
      ).status,
    ).toBe(202);
    expect((await upload(pjDoctor.token, Buffer.from('{}'), 'application/json')).status).toBe(415);
    const study = ct.body.studyId as string;
    await ok(
      post(pjDoctor, `/api/v1/studies/${study}/reading-request`, {
        centerId: w.imaging,
        priority: 'URGENT',
        clinicalHistory: '胸痛两小时',
        question: '肺栓塞？',
        patientId: patient.id,
      }),
      201,
    );
    // Exam orders (issue 15): ordered ahead, listed, cancelled.
    const examOrder = await ok(
      post(pjDoctor, '/api/v1/exam-orders', {
        patientId: patient.id,
        modality: 'DX',
        requestedProcedure: '胸部正位片',
        scheduledAt: '2027-01-04T09:00:00+08:00',
        centerId: w.imaging,
        clinicalHistory: '咳嗽',
        question: '肺炎？',
      }),
      201,
    );
    await ok(get(pjDoctor, '/api/v1/exam-orders?status=SCHEDULED&modality=DX'));
    await ok(post(pjDoctor, `/api/v1/exam-orders/${examOrder.id}/cancel`, { reason: '改期' }));
    await ok(get(pjDoctor, '/api/v1/studies'));
    await ok(get(pjDoctor, `/api/v1/studies/${study}`));
    await ok(get(pjDoctor, `/api/v1/patients/${patient.id}/studies`));
    await ok(get(rmReader, `/api/v1/worklist?centerId=${w.imaging}`));
    await ok(post(rmReader, `/api/v1/studies/${study}/claim`, undefined));
    await ok(post(rmReader, `/api/v1/studies/${study}/heartbeat`, {}));
    await ok(post(rmReader, `/api/v1/studies/${study}/release`, { reason: '换人阅片' }));
    await ok(post(rmReader, '/api/v1/worklist/claim', { centerId: w.imaging }));
    await ok(
      post(rmReader, `/api/v1/studies/${study}/report/draft`, {
        findings: '右下肺动脉充盈缺损',
        impression: '肺栓塞',
      }),
    );
    await ok(
      post(rmReader, `/api/v1/studies/${study}/critical`, { description: '急性肺栓塞' }),
      201,
    );
    await ok(post(rmReader, `/api/v1/studies/${study}/report/sign`, {}));
    await ok(post(rmReader, `/api/v1/studies/${study}/report/approve`, {}), 403);
    await ok(post(rmSenior, `/api/v1/studies/${study}/report/approve`, {}));
    await ok(
      post(rmSenior, `/api/v1/studies/${study}/report/amend`, {
        findings: '右下肺动脉充盈缺损，左下肺亦见',
        impression: '双侧肺栓塞',
        reason: '补充左侧所见',
      }),
    );
    const findings = (await ok(get(pjDoctor, '/api/v1/critical-findings?open=true'))) as
      { id: string }[] | { items: { id: string }[] };
    const finding = (Array.isArray(findings) ? findings : findings.items)[0];
    await ok(
      post(pjDoctor, `/api/v1/critical-findings/${finding.id}/acknowledge`, { note: '已电话通知' }),
    );
    await ok(
      post(pjDoctor, `/api/v1/critical-findings/${finding.id}/green-channel-referral`, {
        toInstitutionId: w.lead,
        greenChannel: 'CHEST_PAIN',
        diagnoses: ['I26.9'],
        reason: '急性肺栓塞，绿色通道',
      }),
      201,
    );

    // A second study is sent back to the clinic.
    const ct2 = await upload(pjDoctor.token, ctInstance(`${uid}.3`));
    await ok(
      post(pjDoctor, `/api/v1/studies/${ct2.body.studyId}/reading-request`, {
        centerId: w.imaging,
        clinicalHistory: '咳嗽',
        question: '肺炎？',
      }),
      201,
    );
    await ok(post(rmReader, `/api/v1/studies/${ct2.body.studyId}/claim`, undefined));
    await ok(
      post(rmReader, `/api/v1/studies/${ct2.body.studyId}/send-back`, { reason: '图像不全' }),
    );
    await ok(post(rmReader, `/api/v1/studies/${nobody}/claim`, undefined), 404);

    // Notifications (the lead's coordinator was told of the green-channel referral).
    const notices = await eventually('a notice', async () => {
      const res = await get(rmCoord, '/api/v1/notifications?limit=5');
      return res.body.items?.length ? (res.body.items as { id: string }[]) : undefined;
    });
    await ok(get(rmCoord, '/api/v1/notifications/unread-count'));
    await ok(get(rmCoord, `/api/v1/notifications/${notices[0].id}`));
    await ok(post(rmCoord, `/api/v1/notifications/${notices[0].id}/read`, undefined));
    await ok(post(rmCoord, '/api/v1/notifications/read-all', {}));
    const stream = new AbortController();
    const live = await fetch(`${sys.url}/api/v1/notifications/stream`, {
      headers: { authorization: `Bearer ${rmCoord.token}`, accept: 'text/event-stream' },
      signal: stream.signal,
    });
    check(
      'GET',
      '/api/v1/notifications/stream',
      live.status,
      live.headers.get('content-type') ?? '',
      '',
    );
    expect(live.status).toBe(200);
    stream.abort();
    await ok(get(rmCoord, '/api/v1/notifications/stream'), 406);

    // ECG: leads and paper.
    const ecg = await upload(
      pjDoctor.token,
      syntheticEcg({ bpm: 72, seed: 7, uidRoot: `${uid}.9` }),
    );
    expect(ecg.status).toBe(201);
    const ecgPath = `/api/v1/studies/${ecg.body.studyId}/instances/${ecg.body.instanceId}`;
    await ok(get(pjDoctor, `${ecgPath}/ecg?count=500`));
    await ok(get(pjDoctor, `${ecgPath}/ecg.svg`));
    await ok(get(pjDoctor, `${ecgPath}/ecg?group=9`), 400);
    void rmEcg;

    await ok(get(rmAdmin, `/api/v1/studies/indicators?from=${from}&to=${to}`));

    // Result sharing across the district.
    await ok(get(rmAdmin, `/api/v1/communities/${community.id}/result-sharing`));
    await ok(
      call(rmAdmin, 'PUT', `/api/v1/communities/${community.id}/result-sharing`, { enabled: true }),
    );
    await ok(get(pjDoctor, `/api/v1/patients/${patient.id}/district-results`));

    // API clients.
    await ok(get(rmAdmin, '/api/v1/api-clients'));
    await ok(get(rmAdmin, `/api/v1/api-clients/${client.id}`));
    await ok(
      call(rmAdmin, 'PATCH', `/api/v1/api-clients/${client.id}`, { name: '契约测试 HIS 2' }),
    );
    await ok(post(rmAdmin, `/api/v1/api-clients/${client.id}/rotate`, {}));
    await ok(post(rmAdmin, `/api/v1/api-clients/${client.id}/revoke`, undefined));

    // The audit trail of all of it.
    await ok(get(rmAdmin, `/api/v1/audit?limit=20&patientId=${patient.id}`));

    // Last, as they move the whole community's data: the timed sweeps, run by hand.
    await ok(post(rmAdmin, '/api/v1/referral-sweep', undefined));
    await ok(post(rmAdmin, '/api/v1/diagnosis-sweep', undefined));
    await ok(post(pjDoctor, '/api/v1/referral-sweep', undefined), 403);

    expect(mismatches).toEqual([]);
  });

  it('leaves only the allowlisted operations unexercised', () => {
    const all = routes.map((r) => ({ id: r.op.operationId!, path: r.template }));
    const missed = all.filter(
      (o) => !seen.has(o.id) && !(o.id in NOT_EXERCISED) && !ADMIN_PATH.test(o.path),
    );
    const exercised = all.filter((o) => seen.has(o.id)).length;
    console.log(
      `OpenAPI contract: ${all.length} operations, ${exercised} exercised and validated; ` +
        `not exercised: ${all
          .filter((o) => !seen.has(o.id))
          .map((o) => o.id)
          .join(', ')}`,
    );
    expect(missed.map((o) => o.id)).toEqual([]);
    // The allowlist names real operations only.
    expect(Object.keys(NOT_EXERCISED).filter((id) => !all.some((o) => o.id === id))).toEqual([]);
  });
});
