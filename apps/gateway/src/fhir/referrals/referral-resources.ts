import { FHIR_TASK_STATUS, type ReferralDetail, type ReferralStatus } from '@app/shared';
import { SYSTEMS } from '../fhir-systems';

/**
 * A referral as FHIR sees it: the order (ServiceRequest) and the workflow (Task) share the
 * referral's id; Task.focus points at the ServiceRequest. The mapping table is in
 * docs/integration.md ("Referrals as ServiceRequest + Task").
 */

export const SERVICE_REQUEST_STATUS: Record<ReferralStatus, fhir4.ServiceRequest['status']> = {
  SUBMITTED: 'active',
  ACCEPTED: 'active',
  ARRIVED: 'active',
  COMPLETED: 'completed',
  REJECTED: 'revoked',
  REDIRECTED: 'revoked',
  CANCELLED: 'revoked',
  EXPIRED: 'revoked',
  NO_SHOW: 'revoked',
};

const STATUS_DISPLAY: Record<ReferralStatus, string> = {
  SUBMITTED: '已提交',
  ACCEPTED: '已接收',
  REJECTED: '已拒绝',
  REDIRECTED: '已改转',
  ARRIVED: '已接诊',
  COMPLETED: '已完成',
  CANCELLED: '已取消',
  EXPIRED: '已超时',
  NO_SHOW: '未就诊',
};

export const PRIORITY_OF_URGENCY: Record<string, fhir4.ServiceRequest['priority']> = {
  ROUTINE: 'routine',
  URGENT: 'urgent',
  EMERGENCY: 'stat',
};

const DIRECTION_DISPLAY = { UP: '上转', DOWN: '下转' } as const;

const org = (id: string): fhir4.Reference => ({ reference: `Organization/${id}` });

/** The version is the number of status changes: every transition is a new version. */
const meta = (r: ReferralDetail): fhir4.Meta => ({
  versionId: String(Math.max(1, r.transitions.length)),
  lastUpdated: r.updatedAt,
});

export function toServiceRequest(r: ReferralDetail): fhir4.ServiceRequest {
  const category: fhir4.CodeableConcept[] = [
    {
      coding: [
        {
          system: SYSTEMS.referralDirection,
          code: r.direction,
          display: DIRECTION_DISPLAY[r.direction],
        },
      ],
    },
  ];
  if (r.greenChannel)
    category.push({ coding: [{ system: SYSTEMS.greenChannel, code: r.greenChannel }] });
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: meta(r),
    ...(r.justification
      ? { extension: [{ url: SYSTEMS.justificationExtension, valueString: r.justification }] }
      : {}),
    status: SERVICE_REQUEST_STATUS[r.status],
    intent: 'order',
    category,
    priority: PRIORITY_OF_URGENCY[r.urgency] ?? 'routine',
    code: {
      coding: [{ system: SYSTEMS.snomed, code: '3457005', display: 'Patient referral' }],
      text: '双向转诊',
    },
    subject: { reference: `Patient/${r.patientId}` },
    authoredOn: r.createdAt,
    requester: org(r.fromInstitutionId),
    performer: [org(r.toInstitutionId)],
    reasonCode: r.diagnoses.map((code) => ({ coding: [{ system: SYSTEMS.icd10, code }] })),
    ...(r.clinicalSummary ? { note: [{ text: r.clinicalSummary }] } : {}),
  };
}

export function toTask(r: ReferralDetail): fhir4.Task {
  const last = r.transitions[r.transitions.length - 1];
  const output: fhir4.TaskOutput[] = [];
  if (r.completionSummary)
    output.push({ type: { text: 'completion-summary' }, valueString: r.completionSummary });
  if (r.redirectedToReferralId)
    output.push({
      type: { text: 'redirected-to' },
      valueReference: { reference: `Task/${r.redirectedToReferralId}` },
    });
  return {
    resourceType: 'Task',
    id: r.id,
    meta: meta(r),
    status: FHIR_TASK_STATUS[r.status],
    businessStatus: {
      coding: [
        { system: SYSTEMS.referralStatus, code: r.status, display: STATUS_DISPLAY[r.status] },
      ],
    },
    ...(last?.reason && r.status !== 'SUBMITTED' ? { statusReason: { text: last.reason } } : {}),
    intent: 'order',
    priority: PRIORITY_OF_URGENCY[r.urgency] ?? 'routine',
    code: { coding: [{ system: SYSTEMS.taskCode, code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${r.id}` },
    for: { reference: `Patient/${r.patientId}` },
    authoredOn: r.createdAt,
    lastModified: r.updatedAt,
    requester: org(r.fromInstitutionId),
    owner: org(r.toInstitutionId),
    reasonCode: { text: r.reason },
    ...(r.status === 'SUBMITTED' ? { restriction: { period: { end: r.respondBy } } } : {}),
    ...(r.reservation
      ? {
          input: [
            {
              type: { text: 'reservation' },
              valueReference: { reference: `Appointment/${r.id}` },
            },
          ],
        }
      : {}),
    ...(output.length ? { output } : {}),
  };
}
