import { DataSource } from 'typeorm';
import type { Actor } from '@app/shared';
import { plainAddress } from '../common/peer-address';

export interface CallingModality {
  id: string;
  aeTitle: string;
  name: string;
  institutionId: string;
  communityId: string;
}

export type CallerCheck =
  { ok: true; modality: CallingModality; actor: Actor } | { ok: false; reason: string };

/**
 * Who is calling (issue 15 item 2): the calling AE title must be a registered, active modality
 * of an active institution, from its registered address when it has one. The actor it acts as
 * is its institution's, with the one right an uploading engine has (studies:write).
 */
export async function checkCaller(
  ds: DataSource,
  callingAeTitle: string,
  remoteAddress: string | undefined,
): Promise<CallerCheck> {
  const [row] = await ds.query(
    `SELECT m.id, m.ae_title AS "aeTitle", m.name, host(m.host) AS host, m.active,
            i.id AS "institutionId", i.community_id AS "communityId", i.active AS "institutionActive"
       FROM gateway.modalities m JOIN gateway.institutions i ON i.id = m.institution_id
      WHERE m.ae_title = $1`,
    [callingAeTitle],
  );
  if (!row) return { ok: false, reason: 'calling AE title is not registered' };
  if (!row.active || !row.institutionActive)
    return { ok: false, reason: 'the modality or its institution is disabled' };
  if (row.host && plainAddress(row.host) !== plainAddress(remoteAddress))
    return { ok: false, reason: 'the modality called from an address it is not registered at' };
  await ds.query(`UPDATE gateway.modalities SET last_seen_at = now() WHERE id = $1`, [row.id]);
  const modality: CallingModality = {
    id: row.id,
    aeTitle: row.aeTitle,
    name: row.name,
    institutionId: row.institutionId,
    communityId: row.communityId,
  };
  const actor: Actor = {
    kind: 'modality',
    id: row.id,
    name: `${row.name} (${row.aeTitle})`.slice(0, 200),
    institutionId: row.institutionId,
    communityId: row.communityId,
    roles: [],
    scopes: ['studies:write'],
    centerIds: [],
  };
  return { ok: true, modality, actor };
}
