import type { Actor, ReferralDetail } from '@app/shared';
import type { AuditOrigin, AuditService } from '../audit/audit.service';

/** Who read or changed which patient's referral, whichever door (REST or FHIR) was used. */
export async function auditReferral(
  audit: AuditService,
  actor: Actor,
  origin: AuditOrigin,
  action: 'read' | 'create' | 'update',
  r: ReferralDetail,
): Promise<ReferralDetail> {
  await audit.record(
    actor,
    { action, resourceType: 'Referral', resourceId: r.id, patientId: r.patientId },
    origin,
  );
  return r;
}
