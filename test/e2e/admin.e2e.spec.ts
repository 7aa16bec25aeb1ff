import request from 'supertest';
import { ctInstance, demoWorld, residentId, uploadAs } from '../security/fixtures';
import { Api, eventually, sql } from '../support/api';
import { isolatedRun } from '../support/isolated-run';
import { DEMO_API_KEY, login, startSystem, System } from '../support/system';

/**
 * Issue 13 item 1: a community admin sets up a 医共体 without demo data — institutions,
 * departments and reading centers (with their readers), users and passwords — scoped to their
 * own community, validated, audited and replicated to the services.
 */
const STRONG = 'Tongliang-2026-ok';
const STRONG2 = 'Xinmima#2027-abc';

async function signIn(url: string, username: string, password: string) {
  return request(url).post('/api/v1/auth/token').send({ username, password });
}

describe('community admin API (e2e)', () => {
  let sys: System;
  let isolation: Awaited<ReturnType<typeof isolatedRun>>;
  let w: Awaited<ReturnType<typeof demoWorld>>;
  let admin: Api;
  let zyAdmin: Api;
  /** What the setup path creates, used by the later tests. */
  const made = { township: '', center: '', clinic: '', reader: '', coord: '' };

  beforeAll(async () => {
    isolation = await isolatedRun('admin');
    // Users are re-read from the database every second, so a disabled user's token stops fast.
    sys = await startSystem({ ACTOR_CACHE_SECONDS: '1' });
    w = await demoWorld(sys);
    admin = new Api(sys.url, await login(sys.url, 'rm.admin'));
    zyAdmin = new Api(sys.url, await login(sys.url, 'zy.admin'));
  });
  afterAll(async () => {
    await sys?.stop();
    await isolation?.cleanup();
  });

  const audited = async (resourceType: string, resourceId: string) =>
    (
      await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM gateway.audit_log WHERE resource_type = $1 AND resource_id = $2`,
        [resourceType, resourceId],
      )
    )[0].n;
  const published = async (type: string, id: string) =>
    (
      await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM gateway.outbox WHERE type = $1 AND aggregate_id = $2`,
        [type, id],
      )
    )[0].n;

  it('sets up an institution, a reading center and its reader, who then reads from it', async () => {
    const township = await admin.post('/api/v1/admin/institutions', {
      code: 'RM-NEW-01',
      name: '新建镇卫生院',
      type: 'TOWNSHIP_HEALTH_CENTER',
      parentId: w.lead,
    });
    expect(township.status).toBe(201);
    expect(township.body).toMatchObject({ level: 2, parentId: w.lead, active: true });
    made.township = township.body.id;
    const clinic = await admin.post('/api/v1/admin/departments', {
      institutionId: made.township,
      code: 'GP',
      name: '全科诊室',
      kind: 'CLINICAL',
    });
    expect(clinic.status).toBe(201);
    made.clinic = clinic.body.id;
    const center = await admin.post('/api/v1/admin/departments', {
      institutionId: w.lead,
      code: 'IMG-NEW',
      name: '第二影像诊断中心',
      kind: 'IMAGING_CENTER',
    });
    expect(center.status).toBe(201);
    expect(center.body).toMatchObject({ kind: 'IMAGING_CENTER', active: true, readerIds: [] });
    made.center = center.body.id;

    const reader = await admin.post('/api/v1/admin/users', {
      username: 'new.reader',
      displayName: '新读片医师',
      password: STRONG,
      institutionId: w.lead,
      roles: ['reader'],
      centerIds: [made.center],
    });
    expect(reader.status).toBe(201);
    expect(reader.body).toMatchObject({
      username: 'new.reader',
      active: true,
      centerIds: [made.center],
    });
    expect(JSON.stringify(reader.body)).not.toMatch(/scrypt|hash|password"/i);
    made.reader = reader.body.id;

    // The directory reaches both services' replicas through the outbox.
    await eventually('replicas of the new institution and center', async () => {
      const [r] = await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM referral.dir_institutions WHERE id = $1)::int +
                (SELECT count(*) FROM diagnosis.dir_institutions WHERE id = $1)::int +
                (SELECT count(*) FROM referral.dir_departments WHERE id = $2)::int +
                (SELECT count(*) FROM diagnosis.dir_departments WHERE id = $3)::int AS n`,
        [made.township, made.clinic, made.center],
      );
      return r.n === 4;
    });

    const token = await signIn(sys.url, 'new.reader', STRONG);
    expect(token.status).toBe(200);
    expect(token.body.actor).toMatchObject({ roles: ['reader'], centerIds: [made.center] });
    const newReader = new Api(sys.url, token.body.accessToken);

    // A clinic sends a study to the new center; its reader sees and claims it.
    const up = await uploadAs(
      sys,
      w.as['pj.doctor'].token,
      ctInstance(`1.2.826.0.1.3680043.10.97.${process.pid}.901`),
    );
    expect(up.status).toBe(201);
    const asked = await w.as['pj.doctor'].post(
      `/api/v1/studies/${up.body.studyId}/reading-request`,
      { centerId: made.center, priority: 'ROUTINE', clinicalHistory: '咳嗽', question: '肺炎？' },
    );
    expect(asked.status).toBe(201);
    const list = await newReader.get('/api/v1/worklist');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { studyId: string }) => i.studyId)).toEqual([up.body.studyId]);
    expect((await w.as['rm.reader'].get(`/api/v1/worklist?centerId=${made.center}`)).status).toBe(
      403,
    );
    const claimed = await newReader.post(`/api/v1/studies/${up.body.studyId}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id: up.body.studyId, status: 'IN_PROGRESS' });

    for (const [type, id] of [
      ['institution', made.township],
      ['department', made.clinic],
      ['department', made.center],
      ['user', made.reader],
    ])
      expect(await audited(type, id)).toBe(1);
    expect(await published('directory.institution.upserted', made.township)).toBe(1);
    expect(await published('directory.department.upserted', made.center)).toBe(1);
  });

  it('lets a coordinator created at the new institution receive a referral to it', async () => {
    const coord = await admin.post('/api/v1/admin/users', {
      username: 'new.coord',
      displayName: '新建镇转诊员',
      password: STRONG,
      institutionId: made.township,
      roles: ['referral_coordinator'],
    });
    expect(coord.status).toBe(201);
    made.coord = coord.body.id;
    const patient = await w.as['rm.coord'].post('/api/v1/patients', {
      residentId: residentId('19620505', 611),
      name: '王五',
    });
    expect([200, 201]).toContain(patient.status);
    const down = await w.as['rm.coord'].post('/api/v1/referrals', {
      direction: 'DOWN',
      toInstitutionId: made.township,
      patientId: patient.body.id,
      diagnoses: ['I10'],
      reason: '高血压稳定期，回基层管理',
    });
    expect(down.status).toBe(201);
    const newCoord = new Api(
      sys.url,
      (await signIn(sys.url, 'new.coord', STRONG)).body.accessToken as string,
    );
    const accepted = await newCoord.post(`/api/v1/referrals/${down.body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('ACCEPTED');
  });

  it('updates, disables and enables institutions and departments, publishing each change', async () => {
    const renamed = await admin.patch(`/api/v1/admin/institutions/${made.township}`, {
      name: '新建镇中心卫生院',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('新建镇中心卫生院');
    const off = await admin.post(`/api/v1/admin/institutions/${made.township}/disable`);
    expect(off.body.active).toBe(false);
    const listed = await admin.get('/api/v1/admin/institutions');
    expect(listed.body.items.find((i: { id: string }) => i.id === made.township).active).toBe(
      false,
    );
    expect(
      (await admin.post(`/api/v1/admin/institutions/${made.township}/enable`)).body.active,
    ).toBe(true);
    expect(await published('directory.institution.upserted', made.township)).toBe(4);
    expect(await audited('institution', made.township)).toBe(4);
    await eventually('the new name in the referral replica', async () => {
      const [r] = await sql<{ name: string }>(
        `SELECT name FROM referral.dir_institutions WHERE id = $1`,
        [made.township],
      );
      return r?.name === '新建镇中心卫生院';
    });

    const ward = await admin.patch(`/api/v1/admin/departments/${made.clinic}`, {
      name: '全科',
      kind: 'WARD',
    });
    expect(ward.body).toMatchObject({ name: '全科', kind: 'WARD' });
    expect((await admin.post(`/api/v1/admin/departments/${made.clinic}/disable`)).body.active).toBe(
      false,
    );
    expect((await admin.post(`/api/v1/admin/departments/${made.clinic}/enable`)).body.active).toBe(
      true,
    );
    expect(await audited('department', made.clinic)).toBe(4);
    expect(await published('directory.department.upserted', made.clinic)).toBe(4);
    const mine = await admin.get(`/api/v1/admin/departments?institutionId=${made.township}`);
    expect(mine.body.items.map((d: { id: string }) => d.id)).toEqual([made.clinic]);
    // A center with readers keeps its kind until they are removed.
    expect(
      (await admin.patch(`/api/v1/admin/departments/${made.center}`, { kind: 'OTHER' })).status,
    ).toBe(409);
  });

  it('adds and removes readers of a center, for readers only', async () => {
    const senior = await admin.post('/api/v1/admin/users', {
      username: 'new.senior',
      displayName: '新审核医师',
      password: STRONG,
      institutionId: w.lead,
      roles: ['reader', 'senior_reader'],
    });
    expect(senior.status).toBe(201);
    const added = await admin.post(`/api/v1/admin/departments/${made.center}/readers`, {
      userId: senior.body.id,
    });
    expect(added.status).toBe(200);
    expect([...added.body.readerIds].sort()).toEqual([made.reader, senior.body.id].sort());
    expect((await admin.get(`/api/v1/admin/users/${senior.body.id}`)).body.centerIds).toEqual([
      made.center,
    ]);
    const removed = await admin.post(`/api/v1/admin/departments/${made.center}/readers`, {
      userId: made.coord,
    });
    expect(removed.status).toBe(400); // a coordinator reads for no center
    const gone = await request(sys.url)
      .delete(`/api/v1/admin/departments/${made.center}/readers/${senior.body.id}`)
      .set('Authorization', `Bearer ${admin.token}`);
    expect(gone.status).toBe(200);
    expect(gone.body.readerIds).toEqual([made.reader]);
    expect(await audited('reading_center_reader', `${made.center}/${senior.body.id}`)).toBe(2);
    expect(
      (
        await admin.post(`/api/v1/admin/departments/${made.clinic}/readers`, {
          userId: made.reader,
        })
      ).status,
    ).toBe(400);
  });

  it('updates users; a disabled user cannot sign in and their token stops', async () => {
    const updated = await admin.patch(`/api/v1/admin/users/${made.coord}`, {
      displayName: '新建镇转诊协调员',
      roles: ['referral_coordinator', 'clinician'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      displayName: '新建镇转诊协调员',
      roles: ['referral_coordinator', 'clinician'],
    });
    const token = (await signIn(sys.url, 'new.coord', STRONG)).body.accessToken as string;
    const me = () => request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect((await me()).status).toBe(200);
    const off = await admin.post(`/api/v1/admin/users/${made.coord}/disable`);
    expect(off.body.active).toBe(false);
    expect((await signIn(sys.url, 'new.coord', STRONG)).status).toBe(401);
    // At once on the replica that made the change, not after the actor cache's TTL.
    expect((await me()).status).toBe(401);
    expect((await admin.post(`/api/v1/admin/users/${made.coord}/enable`)).body.active).toBe(true);
    expect((await signIn(sys.url, 'new.coord', STRONG)).status).toBe(200);
    expect(await audited('user', made.coord)).toBe(4); // create, update, disable, enable
    // An admin cannot lock themselves out.
    const rmAdminId = (await admin.get('/api/v1/me')).body.id;
    expect((await admin.post(`/api/v1/admin/users/${rmAdminId}/disable`)).status).toBe(409);
    expect(
      (await admin.patch(`/api/v1/admin/users/${rmAdminId}`, { roles: ['clinician'] })).status,
    ).toBe(409);
  });

  it('resets a password (admin) and changes one’s own only with the current one', async () => {
    const before = (await signIn(sys.url, 'new.reader', STRONG)).body.accessToken as string;
    const meWith = (token: string) =>
      request(sys.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect((await meWith(before)).status).toBe(200);
    // iat has whole seconds: the reset must fall in a later second than the old token.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const reset = await admin.post(`/api/v1/admin/users/${made.reader}/password`, {
      newPassword: STRONG2,
    });
    expect(reset.status).toBe(200);
    expect(reset.body.passwordChangedAt).toEqual(expect.any(String));
    expect((await signIn(sys.url, 'new.reader', STRONG)).status).toBe(401);
    // A reset ends the sessions of the old password.
    expect((await meWith(before)).status).toBe(401);
    const token = (await signIn(sys.url, 'new.reader', STRONG2)).body.accessToken as string;
    const reader = new Api(sys.url, token);
    const wrong = await reader.post('/api/v1/me/password', {
      currentPassword: STRONG,
      newPassword: 'Another#Pass-2028',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    const weak = await reader.post('/api/v1/me/password', {
      currentPassword: STRONG2,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].path).toBe('newPassword');
    const changed = await reader.post('/api/v1/me/password', {
      currentPassword: STRONG2,
      newPassword: 'Another#Pass-2028',
    });
    expect(changed.status).toBe(200);
    expect((await signIn(sys.url, 'new.reader', STRONG2)).status).toBe(401);
    expect((await signIn(sys.url, 'new.reader', 'Another#Pass-2028')).status).toBe(200);
    const rows = await sql<{ outcome: string; actor_id: string }>(
      `SELECT outcome, actor_id FROM gateway.audit_log WHERE resource_type = 'user_password' AND resource_id = $1 ORDER BY id`,
      [made.reader],
    );
    expect(rows.map((r) => r.outcome)).toEqual(['ok', 'denied', 'ok']);
    const apiClient = await request(sys.url)
      .post('/api/v1/me/password')
      .set('X-API-Key', DEMO_API_KEY)
      .send({ currentPassword: 'x', newPassword: STRONG });
    expect(apiClient.status).toBe(403);
  });

  it('answers another community’s ids with 404 and changes nothing', async () => {
    const before = await sql(
      `SELECT (SELECT row_to_json(i) FROM gateway.institutions i WHERE id = $1) AS i,
              (SELECT row_to_json(d) FROM gateway.departments d WHERE id = $2) AS d,
              (SELECT row_to_json(u) FROM gateway.users u WHERE id = $3) AS u,
              (SELECT count(*) FROM gateway.reading_center_readers WHERE center_id = $2) AS r`,
      [made.township, made.center, made.reader],
    );
    const attempts = [
      zyAdmin.get(`/api/v1/admin/institutions/${made.township}`),
      zyAdmin.patch(`/api/v1/admin/institutions/${made.township}`, { name: 'x' }),
      zyAdmin.post(`/api/v1/admin/institutions/${made.township}/disable`),
      zyAdmin.get(`/api/v1/admin/departments/${made.center}`),
      zyAdmin.patch(`/api/v1/admin/departments/${made.center}`, { name: 'x' }),
      zyAdmin.post(`/api/v1/admin/departments/${made.center}/disable`),
      zyAdmin.post(`/api/v1/admin/departments/${made.center}/readers`, { userId: made.reader }),
      request(sys.url)
        .delete(`/api/v1/admin/departments/${made.center}/readers/${made.reader}`)
        .set('Authorization', `Bearer ${zyAdmin.token}`),
      zyAdmin.get(`/api/v1/admin/users/${made.reader}`),
      zyAdmin.patch(`/api/v1/admin/users/${made.reader}`, { displayName: 'x' }),
      zyAdmin.post(`/api/v1/admin/users/${made.reader}/disable`),
      zyAdmin.post(`/api/v1/admin/users/${made.reader}/password`, { newPassword: STRONG }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(404);
    // Ids of the other community inside a body are refused by field.
    const inBody = await Promise.all([
      zyAdmin.post('/api/v1/admin/departments', {
        institutionId: w.lead,
        code: 'X1',
        name: 'x',
        kind: 'OTHER',
      }),
      zyAdmin.post('/api/v1/admin/institutions', {
        code: 'ZY-X1',
        name: 'x',
        type: 'VILLAGE_CLINIC',
        parentId: made.township,
      }),
      zyAdmin.post('/api/v1/admin/users', {
        username: 'zy.intruder',
        displayName: 'x',
        password: STRONG,
        institutionId: w.lead,
        roles: ['clinician'],
      }),
    ]);
    expect(inBody.map((r) => [r.status, r.body.errors?.[0]?.path])).toEqual([
      [400, 'institutionId'],
      [400, 'parentId'],
      [400, 'institutionId'],
    ]);
    const zyCenters = (await zyAdmin.get('/api/v1/admin/departments')).body.items;
    expect(zyCenters.some((d: { id: string }) => d.id === made.center)).toBe(false);
    expect(
      (await zyAdmin.get('/api/v1/admin/users')).body.items.some(
        (u: { id: string }) => u.id === made.reader,
      ),
    ).toBe(false);
    const after = await sql(
      `SELECT (SELECT row_to_json(i) FROM gateway.institutions i WHERE id = $1) AS i,
              (SELECT row_to_json(d) FROM gateway.departments d WHERE id = $2) AS d,
              (SELECT row_to_json(u) FROM gateway.users u WHERE id = $3) AS u,
              (SELECT count(*) FROM gateway.reading_center_readers WHERE center_id = $2) AS r`,
      [made.township, made.center, made.reader],
    );
    expect(after).toEqual(before);
    expect((await sql(`SELECT 1 FROM gateway.users WHERE username = 'zy.intruder'`)).length).toBe(
      0,
    );
  });

  it('validates bodies with problem+json naming the field, and refuses duplicates', async () => {
    const cases: [string, object, string][] = [
      [
        '/api/v1/admin/institutions',
        { code: 'bad code!', name: 'x', type: 'VILLAGE_CLINIC' },
        'code',
      ],
      ['/api/v1/admin/institutions', { code: 'OK-1', name: 'x', type: 'HOSPITAL' }, 'type'],
      ['/api/v1/admin/institutions', { code: 'OK-2', type: 'VILLAGE_CLINIC' }, 'name'],
      [
        '/api/v1/admin/departments',
        { institutionId: w.lead, code: 'D1', name: 'x', kind: 'LAB' },
        'kind',
      ],
      [
        '/api/v1/admin/departments',
        { institutionId: 'nope', code: 'D1', name: 'x', kind: 'OTHER' },
        'institutionId',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'Bad User',
          displayName: 'x',
          password: STRONG,
          institutionId: w.lead,
          roles: ['clinician'],
        },
        'username',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'weak.pw',
          displayName: 'x',
          password: 'password1234',
          institutionId: w.lead,
          roles: ['clinician'],
        },
        'password',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'has.name',
          displayName: 'x',
          password: 'Has.Name-1234x',
          institutionId: w.lead,
          roles: ['clinician'],
        },
        'password',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'bad.role',
          displayName: 'x',
          password: STRONG,
          institutionId: w.lead,
          roles: ['root'],
        },
        'roles.0',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'no.roles',
          displayName: 'x',
          password: STRONG,
          institutionId: w.lead,
          roles: [],
        },
        'roles',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'not.reader',
          displayName: 'x',
          password: STRONG,
          institutionId: w.lead,
          roles: ['clinician'],
          centerIds: [made.center],
        },
        'centerIds',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'ward.reader',
          displayName: 'x',
          password: STRONG,
          institutionId: w.lead,
          roles: ['reader'],
          centerIds: [w.ward],
        },
        'centerIds',
      ],
    ];
    for (const [path, body, field] of cases) {
      const res = await admin.post(path, body);
      expect([path, field, res.status]).toEqual([path, field, 400]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const empty = await admin.patch(`/api/v1/admin/users/${made.reader}`, {});
    expect(empty.status).toBe(400);
    expect(
      (await admin.patch(`/api/v1/admin/users/${made.reader}`, { password: STRONG })).status,
    ).toBe(400);
    expect((await admin.get('/api/v1/admin/users/not-a-uuid')).status).toBe(400);
    const dupUser = await admin.post('/api/v1/admin/users', {
      username: 'rm.coord',
      displayName: 'x',
      password: STRONG,
      institutionId: w.lead,
      roles: ['clinician'],
    });
    expect([dupUser.status, dupUser.body.errors?.[0]?.path]).toEqual([409, 'username']);
    const secondLead = await admin.post('/api/v1/admin/institutions', {
      code: 'RM-LEAD-2',
      name: 'x',
      type: 'LEAD_HOSPITAL',
    });
    expect(secondLead.status).toBe(409);
    const dupCode = await admin.post('/api/v1/admin/institutions', {
      code: 'RM-NEW-01',
      name: 'x',
      type: 'VILLAGE_CLINIC',
    });
    expect([dupCode.status, dupCode.body.errors?.[0]?.path]).toEqual([409, 'code']);
    const dupDept = await admin.post('/api/v1/admin/departments', {
      institutionId: made.township,
      code: 'GP',
      name: 'x',
      kind: 'OTHER',
    });
    expect(dupDept.status).toBe(409);
    expect(
      (
        await sql(
          `SELECT 1 FROM gateway.users WHERE username IN ('weak.pw', 'has.name', 'not.reader')`,
        )
      ).length,
    ).toBe(0);
  });

  it('refuses every admin route to every other role and to API clients (403)', async () => {
    const id = made.township;
    const routes: [string, string, object?][] = [
      ['get', '/api/v1/admin/institutions'],
      ['post', '/api/v1/admin/institutions', { code: 'NO-1', name: 'x', type: 'VILLAGE_CLINIC' }],
      ['get', `/api/v1/admin/institutions/${id}`],
      ['patch', `/api/v1/admin/institutions/${id}`, { name: 'x' }],
      ['post', `/api/v1/admin/institutions/${id}/disable`],
      ['post', `/api/v1/admin/institutions/${id}/enable`],
      ['get', '/api/v1/admin/departments'],
      [
        'post',
        '/api/v1/admin/departments',
        { institutionId: id, code: 'NO', name: 'x', kind: 'OTHER' },
      ],
      ['get', `/api/v1/admin/departments/${made.center}`],
      ['patch', `/api/v1/admin/departments/${made.center}`, { name: 'x' }],
      ['post', `/api/v1/admin/departments/${made.center}/disable`],
      ['post', `/api/v1/admin/departments/${made.center}/enable`],
      ['post', `/api/v1/admin/departments/${made.center}/readers`, { userId: made.reader }],
      ['delete', `/api/v1/admin/departments/${made.center}/readers/${made.reader}`],
      ['get', '/api/v1/admin/users'],
      [
        'post',
        '/api/v1/admin/users',
        {
          username: 'no.one',
          displayName: 'x',
          password: STRONG,
          institutionId: id,
          roles: ['clinician'],
        },
      ],
      ['get', `/api/v1/admin/users/${made.reader}`],
      ['patch', `/api/v1/admin/users/${made.reader}`, { displayName: 'x' }],
      ['post', `/api/v1/admin/users/${made.reader}/disable`],
      ['post', `/api/v1/admin/users/${made.reader}/enable`],
      ['post', `/api/v1/admin/users/${made.reader}/password`, { newPassword: STRONG }],
    ];
    const callers: [string, (r: request.Test) => request.Test][] = [
      ...(['pj.doctor', 'pj.coord', 'rm.coord', 'rm.reader', 'rm.ecg', 'rm.senior'] as const).map(
        (u) =>
          [u, (r: request.Test) => r.set('Authorization', `Bearer ${w.as[u].token}`)] as [
            string,
            (r: request.Test) => request.Test,
          ],
      ),
      ['api client', (r) => r.set('X-API-Key', DEMO_API_KEY)],
    ];
    const refused: string[] = [];
    for (const [who, auth] of callers)
      for (const [method, path, body] of routes) {
        const agent = request(sys.url) as unknown as Record<string, (p: string) => request.Test>;
        const res = await auth(agent[method](path)).send(body ?? {});
        refused.push(`${who} ${method} ${path} ${res.status}`);
      }
    expect(refused.filter((r) => !r.endsWith(' 403'))).toEqual([]);
    expect(refused).toHaveLength(routes.length * callers.length);
    // And the admin is let through on the same list (no route is refused to everyone).
    expect((await admin.get(`/api/v1/admin/users/${made.reader}`)).status).toBe(200);
    expect((await sql(`SELECT 1 FROM gateway.users WHERE username = 'no.one'`)).length).toBe(0);
  });

  it('documents every admin operation with its response schema', async () => {
    const doc = (await request(sys.url).get('/api/docs-json')).body;
    const ops = Object.values(
      doc.paths as Record<
        string,
        Record<string, { operationId: string; responses: Record<string, { content?: unknown }> }>
      >,
    )
      .flatMap((p) => Object.values(p))
      .filter((o) => /^admin|changeOwnPassword/.test(o.operationId));
    // 22 for the directory and users; for issue 15, 6 for the DICOM modalities and 7 for the
    // HL7 clients (with their delivery log).
    expect(ops.length).toBe(35);
    for (const o of ops) {
      const ok = Object.entries(o.responses).find(([s]) => s.startsWith('2'));
      expect([o.operationId, Boolean(ok?.[1].content)]).toEqual([o.operationId, true]);
    }
  });
});
