import { Api, eventually, sql } from '../support/api';
import { DEMO_API_KEY, login, System } from '../support/system';

// The builders and the upload helper live in test/support (one copy for every suite).
export { CT, ctInstance } from '../support/dicom-builders';
export { uploadAs } from '../support/uploads';

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
  // Every demo user signs in, or the suite fails here: a missing token would turn each
  // "this role is refused" check into a 401 that proves nothing.
  const tokens = await Promise.all(names.map((u) => login(sys.url, u)));
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

/**
 * The credentials a fuzz run sends: a token of each of `users`, the demo API key, a token that
 * is not one, and none.
 */
export async function fuzzCredentials(
  url: string,
  users: string[],
): Promise<(Record<string, string> | undefined)[]> {
  const tokens = await Promise.all(users.map((u) => login(url, u)));
  return [
    ...tokens.map((t) => ({ authorization: `Bearer ${t}` })),
    { 'x-api-key': DEMO_API_KEY },
    { authorization: 'Bearer not.a.token' },
    undefined,
  ];
}
