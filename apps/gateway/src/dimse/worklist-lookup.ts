import { DataSource } from 'typeorm';
import { Actor, ExamOrder, ExamOrderContracts, ExamOrderQuery } from '@app/shared';
import { AuditService } from '../audit/audit.service';
import { BusCaller } from '../common/bus-call';
import type { WorklistPatient, WorklistQuery } from './worklist-query';

/** At most this many items answer one C-FIND; a modality narrows by date and station. */
export const WORKLIST_LIMIT = 200;

const WILDCARD = /[*?]/;
/** No patient ID (a UUID), modality code or accession number holds one of these. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface WorklistEntry {
  order: ExamOrder;
  patient: WorklistPatient;
}

type OrderFilters = Omit<ExamOrderQuery, 'limit' | 'offset' | 'status'>;

/**
 * The identifier's keys as the orders list filters on them, in SQL: exact values through the
 * plain (validated) fields, wildcards as DICOM matches, cut to 64 characters (LO) as a pattern
 * always was. Null when a match holds a control character: no order can match it.
 */
export function orderFilters(q: WorklistQuery): OrderFilters | null {
  const exact = (v?: string) => (v && !WILDCARD.test(v) ? v : undefined);
  const wildcard = (v?: string) => (v && WILDCARD.test(v) ? v.slice(0, 64) : undefined);
  const matches = {
    modalityMatches: wildcard(q.modality),
    accessionNumberMatches: wildcard(q.accessionNumber),
    // Exact or not, a patient ID is matched as a pattern: the UUID field would refuse a
    // modality's non-UUID ID, where the answer is simply that nothing matches.
    patientIdMatches: q.patientId?.slice(0, 64),
  };
  if (Object.values(matches).some((v) => v !== undefined && CONTROL.test(v))) return null;
  return {
    ...matches,
    modality: exact(q.modality),
    stationAeTitle: exact(q.stationAeTitle),
    scheduledFrom: q.scheduledFrom,
    scheduledTo: q.scheduledTo,
    accessionNumber: exact(q.accessionNumber),
  };
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
  const filters = orderFilters(q);
  if (!filters) return [];
  const page = await deps.bus.call(actor, ExamOrderContracts.list, {
    ...filters,
    status: 'SCHEDULED',
    limit: WORKLIST_LIMIT,
    offset: 0,
  });
  const orders = page.items;
  if (!orders.length) return [];
  const patients: (WorklistPatient & { id: string })[] = await deps.ds.query(
    `SELECT id, name, sex, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate"
       FROM gateway.patients WHERE id = ANY($1) AND community_id = $2`,
    [orders.map((o) => o.patientId), actor.communityId],
  );
  const byId = new Map(patients.map((p) => [p.id, p]));
  // Names live in the gateway's patient index, not with the orders, so PN matching (wildcards,
  // case-insensitive) stays here, on the orders the diagnosis service already narrowed.
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
