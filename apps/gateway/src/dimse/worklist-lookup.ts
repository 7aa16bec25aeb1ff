import { DataSource } from 'typeorm';
import { Actor, ExamOrder, ExamOrderContracts } from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { BusCaller } from '../common/bus-call';
import { wildcardRegExp, type WorklistPatient, type WorklistQuery } from './worklist-query';

/** At most this many items answer one C-FIND; a modality narrows by date and station. */
export const WORKLIST_LIMIT = 200;

const WILDCARD = /[*?]/;

export interface WorklistEntry {
  order: ExamOrder;
  patient: WorklistPatient;
}

/**
 * The modality's institution's scheduled orders (from the diagnosis service, scoped by the
 * modality's actor) joined with the patient index the gateway owns; every patient handed to a
 * modality is audited, as a read by that modality.
 */
export async function lookUpWorklist(
  deps: { ds: DataSource; bus: BusCaller; audit: AuditService },
  actor: Actor,
  q: WorklistQuery,
  ip: string,
): Promise<WorklistEntry[]> {
  const exact = (v?: string) => (v && !WILDCARD.test(v) ? v : undefined);
  const page = await deps.bus.call(actor, ExamOrderContracts.list, {
    status: 'SCHEDULED',
    modality: exact(q.modality),
    stationAeTitle: exact(q.stationAeTitle),
    scheduledFrom: q.scheduledFrom,
    scheduledTo: q.scheduledTo,
    accessionNumber: exact(q.accessionNumber),
    limit: WORKLIST_LIMIT,
    offset: 0,
  });
  const matches = (value: string, pattern?: string) =>
    !pattern || (WILDCARD.test(pattern) ? wildcardRegExp(pattern).test(value) : value === pattern);
  const orders = page.items.filter(
    (o) =>
      matches(o.modality, q.modality) &&
      matches(o.accessionNumber, q.accessionNumber) &&
      matches(o.patientId, q.patientId),
  );
  if (!orders.length) return [];
  const patients: (WorklistPatient & { id: string })[] = await deps.ds.query(
    `SELECT id, name, sex, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate"
       FROM gateway.patients WHERE id = ANY($1) AND community_id = $2`,
    [orders.map((o) => o.patientId), actor.communityId],
  );
  const byId = new Map(patients.map((p) => [p.id, p]));
  const entries = orders.flatMap((order) => {
    const patient = byId.get(order.patientId);
    return patient && (!q.patientName || q.patientName.test(patient.name))
      ? [{ order, patient }]
      : [];
  });
  await deps.audit.recordMany(
    actor,
    entries.map((e) => ({
      action: 'search' as const,
      resourceType: 'ServiceRequest',
      resourceId: e.order.id,
      patientId: e.order.patientId,
    })),
    { ip, userAgent: 'DICOM DIMSE C-FIND (Modality Worklist)' },
  );
  return entries;
}
