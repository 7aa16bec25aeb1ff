import { DataSource } from 'typeorm';
import type { Actor } from '@app/shared';
import { plainAddress } from '../common/peer-address';
import { ERROR_CODES, Hl7Error } from './hl7-error';

/** A registered HL7 client, as a message from it needs it. */
export interface CallingHl7Client {
  id: string;
  name: string;
  institutionId: string;
  communityId: string;
  defaultCenterId: string;
  actor: Actor;
}

/**
 * Who is calling (issue 15 item 2 for HL7): MSH-3 and MSH-4 must name a registered, active
 * client of an active institution, from its registered address when it has one; anything else
 * gets AR. The actor it acts as is its institution's, with the rights a HIS engine needs.
 */
export async function checkHl7Caller(
  ds: DataSource,
  sendingApplication: string,
  sendingFacility: string,
  remoteAddress: string | undefined,
): Promise<CallingHl7Client> {
  const [row] = await ds.query(
    `SELECT c.id, c.name, host(c.host) AS host, c.active, c.default_center_id AS "defaultCenterId",
            i.id AS "institutionId", i.community_id AS "communityId", i.active AS "institutionActive"
       FROM gateway.hl7_clients c JOIN gateway.institutions i ON i.id = c.institution_id
      WHERE c.sending_application = $1 AND c.sending_facility = $2`,
    [sendingApplication, sendingFacility],
  );
  const refuse = (why: string) =>
    Hl7Error.reject(ERROR_CODES.UNKNOWN_KEY, why, { segment: 'MSH', field: 3 });
  if (!row) throw refuse('sending application and facility are not registered');
  if (!row.active || !row.institutionActive)
    throw refuse('the HL7 client or its institution is disabled');
  if (row.host && plainAddress(row.host) !== plainAddress(remoteAddress))
    throw refuse('the HL7 client sent from an address it is not registered at');
  await ds.query(`UPDATE gateway.hl7_clients SET last_seen_at = now() WHERE id = $1`, [row.id]);
  return {
    id: row.id,
    name: row.name,
    institutionId: row.institutionId,
    communityId: row.communityId,
    defaultCenterId: row.defaultCenterId,
    actor: {
      kind: 'hl7_client',
      id: row.id,
      name: `${row.name} (HL7 ${sendingApplication}/${sendingFacility})`.slice(0, 200),
      institutionId: row.institutionId,
      communityId: row.communityId,
      roles: [],
      scopes: ['patients:write', 'studies:write'],
      centerIds: [],
    },
  };
}
