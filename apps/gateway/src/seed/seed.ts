import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashApiKey, hashPassword } from '../auth/secrets';
import { API_SCOPES, type AppConfig } from '@app/shared';
import {
  DEMO_USERS,
  LEAD_DEPARTMENTS,
  LIANGPING,
  LIANGPING_DISTRICT,
  MEMBER_DEPARTMENTS,
  memberType,
} from './liangping';

/** Stable ids from names, so seeding twice changes nothing and other services can refer to them. */
export function demoId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface SeedSummary {
  communities: number;
  institutions: number;
  users: { username: string; roles: string[]; institution: string }[];
  apiKeySeeded: boolean;
}

/**
 * The demo password and API key come from configuration (`npm start` generates them into
 * .run/secrets.env): a well-known demo login in the source would open every installation.
 */
export async function seedDemoData(
  ds: DataSource,
  config: Pick<AppConfig, 'DEMO_PASSWORD' | 'DEMO_API_KEY'>,
): Promise<SeedSummary> {
  const password = config.DEMO_PASSWORD;
  if (!password)
    throw new Error(
      'DEMO_DATA=true needs DEMO_PASSWORD (npm start generates one in .run/secrets.env), or set DEMO_DATA=false',
    );
  const apiKey = config.DEMO_API_KEY;
  let institutions = 0;
  await ds.transaction(async (m) => {
    const insertInstitution = async (
      communityId: string,
      code: string,
      name: string,
      type: string,
      level: number,
      parentId: string | null,
      departments: { code: string; name: string; kind: string }[],
    ) => {
      const id = demoId('institution', name);
      await m.query(
        `INSERT INTO gateway.institutions (id, community_id, code, name, type, level, parent_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [id, communityId, code, name, type, level, parentId],
      );
      for (const d of departments) {
        await m.query(
          `INSERT INTO gateway.departments (id, institution_id, code, name, kind) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO NOTHING`,
          [demoId('department', name, d.code), id, d.code, d.name, d.kind],
        );
      }
      institutions++;
      return id;
    };
    const districtId = demoId('district', LIANGPING_DISTRICT.code);
    await m.query(
      `INSERT INTO gateway.districts (id, code, name, population) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING`,
      [districtId, LIANGPING_DISTRICT.code, LIANGPING_DISTRICT.name, LIANGPING_DISTRICT.population],
    );
    for (const c of LIANGPING) {
      const communityId = demoId('community', c.code);
      // A database seeded before districts existed gets its district; a set one is kept.
      await m.query(
        `INSERT INTO gateway.communities (id, code, name, region, population, district_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET district_id = coalesce(gateway.communities.district_id, EXCLUDED.district_id)`,
        [communityId, c.code, c.name, c.region, c.population, districtId],
      );
      const leadId = await insertInstitution(
        communityId,
        c.lead.code,
        c.lead.name,
        c.lead.type,
        3,
        null,
        LEAD_DEPARTMENTS,
      );
      for (const [i, name] of c.members.entries()) {
        const code = `${c.code}-${String(i + 1).padStart(2, '0')}`;
        await insertInstitution(
          communityId,
          code,
          name,
          memberType(name),
          2,
          leadId,
          MEMBER_DEPARTMENTS,
        );
      }
      for (const v of c.villageClinics) {
        await insertInstitution(
          communityId,
          v.code,
          v.name,
          'VILLAGE_CLINIC',
          1,
          demoId('institution', v.parentName),
          [{ code: 'GP', name: '诊室', kind: 'CLINICAL' }],
        );
      }
    }
    const passwordHash = await hashPassword(password);
    // A new secrets file means a new demo password: the demo logins follow it.
    for (const u of DEMO_USERS) {
      await m.query(
        `INSERT INTO gateway.users (id, username, display_name, password_hash, institution_id, roles)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO UPDATE SET password_hash = $4`,
        [
          demoId('user', u.username),
          u.username,
          u.name,
          passwordHash,
          demoId('institution', u.institution),
          u.roles,
        ],
      );
      for (const center of u.centers ?? []) {
        await m.query(
          `INSERT INTO gateway.reading_center_readers (user_id, center_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [demoId('user', u.username), demoId('department', u.institution, center)],
        );
      }
    }
    // The demo CT of 屏锦 (README tour: storescu -aet PJ_DEMO_CT -aec CMC 127.0.0.1 11112 …).
    await m.query(
      `INSERT INTO gateway.modalities (id, institution_id, ae_title, name)
       VALUES ($1, $2, 'PJ_DEMO_CT', $3) ON CONFLICT DO NOTHING`,
      [
        demoId('modality', 'PJ_DEMO_CT'),
        demoId('institution', '屏锦中心卫生院'),
        '屏锦中心卫生院 CT（演示）',
      ],
    );
    if (!apiKey) return;
    await m.query(
      `INSERT INTO gateway.api_clients (id, name, key_prefix, key_hash, institution_id, scopes)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET key_prefix = $3, key_hash = $4, scopes = $6`,
      [
        demoId('api-client', 'pingjin-his'),
        '屏锦中心卫生院 HIS 接口（演示）',
        apiKey.split('_')[1],
        hashApiKey(apiKey),
        demoId('institution', '屏锦中心卫生院'),
        // Every scope but writing FHIR and managing webhooks, which the demo HIS does not do.
        API_SCOPES.filter((scope) => scope !== 'fhir:write' && scope !== 'webhooks:manage'),
      ],
    );
  });
  return {
    communities: LIANGPING.length,
    institutions,
    users: DEMO_USERS.map((u) => ({
      username: u.username,
      roles: u.roles,
      institution: u.institution,
    })),
    apiKeySeeded: apiKey !== undefined,
  };
}
