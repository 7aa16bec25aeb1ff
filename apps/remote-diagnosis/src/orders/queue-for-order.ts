import { EntityManager } from 'typeorm';
import { Actor, rowsOf } from '@app/shared';
import { queueStudy } from '../reading/queue-study';
import type { StudyRow } from '../reading/study.queries';
import type { ExamOrderRow } from './exam-order.row';

/**
 * A study has just arrived (its first instance): if the institution ordered it, by the Study
 * Instance UID the worklist handed out or by accession number, it joins the order's reading
 * center queue now, as its 申请单 would have put it, with no second step (issue 15 item 3).
 * It is queued on its first instance, so the rest of the series may still be arriving when a
 * reader opens it; the worklist shows the instance count growing.
 */
export async function queueForOrder(
  m: EntityManager,
  actor: Actor,
  studyId: string,
  header: { studyInstanceUid: string; accessionNumber: string | null },
): Promise<void> {
  const [order] = await rowsOf<ExamOrderRow>(
    m,
    `SELECT * FROM diagnosis.exam_orders
      WHERE institution_id = $1 AND status = 'SCHEDULED'
        AND (study_instance_uid = $2 OR ($3::text IS NOT NULL AND accession_number = $3))
      ORDER BY (study_instance_uid = $2) DESC LIMIT 1 FOR UPDATE`,
    [actor.institutionId, header.studyInstanceUid, header.accessionNumber?.trim() || null],
  );
  if (!order) return;
  const [study] = await rowsOf<StudyRow>(
    m,
    `SELECT * FROM diagnosis.studies WHERE id = $1 FOR UPDATE`,
    [studyId],
  );
  await queueStudy(
    m,
    study,
    {
      centerId: order.center_id,
      priority: order.priority,
      clinicalHistory: order.clinical_history,
      question: order.question,
      patientId: order.patient_id,
      familyDoctorSigned: order.family_doctor_signed,
    },
    { id: order.created_by, name: order.created_by_name },
  );
  await m.query(
    `UPDATE diagnosis.exam_orders SET status = 'QUEUED', study_id = $2, updated_at = now() WHERE id = $1`,
    [order.id, studyId],
  );
}
