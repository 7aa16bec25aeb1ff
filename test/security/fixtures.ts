import request from 'supertest';
import { writePart10 } from '../../libs/shared/src/dicom/write-dicom';
import { Api, eventually, sql } from '../support/api';
import { login, System } from '../support/system';

export const CT = '1.2.840.10008.5.1.4.1.1.2';

/** A small CT instance; `over` replaces or adds elements (a NUL in Modality, say). */
export function ctInstance(
  uid: string,
  over: { tag: number; vr: string; value: string | Buffer }[] = [],
): Buffer {
  const base = [
    { tag: 0x00080016, vr: 'UI', value: CT },
    { tag: 0x00080018, vr: 'UI', value: `${uid}.1.1` },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x0020000d, vr: 'UI', value: uid },
    { tag: 0x0020000e, vr: 'UI', value: `${uid}.1` },
    { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(256) },
  ];
  const elements = [...base.filter((e) => !over.some((o) => o.tag === e.tag)), ...over].sort(
    (a, b) => a.tag - b.tag,
  );
  return writePart10(CT, `${uid}.1.1`, elements);
}

export function uploadAs(sys: System, token: string, body: Buffer, type = 'application/dicom') {
  return request(sys.url)
    .post('/api/v1/studies/instances')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', type)
    .send(body);
}

/** A valid resident ID (GB 11643 check digit) for a birth date and sequence number. */
export function residentId(birth: string, seq: number): string {
  const first17 = `500228${birth}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** The Liangping demo as the security tests use it: logins, the lead hospital, its centers. */
export async function demoWorld(sys: System) {
  const names = [
    'pj.doctor',
    'pj.coord',
    'rm.coord',
    'rm.admin',
    'rm.reader',
    'rm.ecg',
    'rm.senior',
    'zy.coord',
    'zy.reader',
    'bj.doctor',
  ] as const;
  // A login that fails leaves that user out (an older build may not have every demo user).
  const tokens = await Promise.all(names.map((u) => login(sys.url, u).catch(() => '')));
  const as = Object.fromEntries(names.map((u, i) => [u, new Api(sys.url, tokens[i])])) as Record<
    (typeof names)[number],
    Api
  >;
  const institutions = (await as['pj.doctor'].get('/api/v1/institutions')).body as {
    id: string;
    name: string;
    type: string;
  }[];
  const lead = institutions.find((i) => i.type === 'LEAD_HOSPITAL')!.id;
  const byName = (name: string) => institutions.find((i) => i.name === name)!.id;
  const departments = (await as['rm.coord'].get(`/api/v1/institutions/${lead}/departments`))
    .body as { id: string; code: string; kind: string }[];
  const dept = (code: string) => departments.find((d) => d.code === code)!.id;
  await eventually('directory replicas', async () => {
    const [r] = await sql<{ n: number }>(
      `SELECT (SELECT count(*) FROM referral.dir_departments WHERE id = $1)::int +
              (SELECT count(*) FROM diagnosis.dir_departments WHERE id = $1)::int AS n`,
      [dept('IMG')],
    );
    return r.n === 2;
  });
  return {
    as,
    lead,
    pingjin: byName('屏锦中心卫生院'),
    fulu: byName('福禄中心卫生院'),
    villageOf: (prefix: string) =>
      institutions.find((i) => i.type === 'VILLAGE_CLINIC' && i.name.startsWith(prefix))?.id,
    villages: institutions.filter((i) => i.type === 'VILLAGE_CLINIC').map((i) => i.id),
    cardiology: dept('CARD'),
    imaging: dept('IMG'),
    ecgCenter: dept('ECG'),
    ward: dept('W-IM'),
  };
}

/** A local date (Asia/Shanghai) `days` from today. */
export function localDay(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
