import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DicomwebContracts, ParsedRequestOf, ResponseOf } from '@app/shared';
import { instanceJson, QidoRow, seriesJson, studyJson } from './qido-json';
import { assertMayReadImages } from './dicomweb-access';
import { SqlArgs, whereOf } from './qido-sql';

type Query = ParsedRequestOf<typeof DicomwebContracts.search>;
type Result = ResponseOf<typeof DicomwebContracts.search>;

const STUDY_COLUMNS = `st.id AS study_id, st.patient_id AS patient_uuid, st.study_instance_uid, st.patient_name,
  st.dicom_patient_id, st.patient_birth_date, st.patient_sex, st.study_date, st.study_time, st.accession_number,
  st.modalities, st.referring_physician_name, st.study_description, st.dicom_study_id, st.series_count,
  st.instance_count AS study_instances`;
const SERIES_COLUMNS = `se.series_instance_uid, se.modality, se.series_number, se.series_description,
  se.body_part, se.instance_count AS series_instances`;
const INSTANCE_COLUMNS = `i.sop_instance_uid, i.sop_class_uid, i.instance_number, i.rows, i.columns,
  i.number_of_frames, i.transfer_syntax_uid`;

/**
 * G2b QIDO-RS: studies, series and instances the actor may see, matched on the index kept at
 * intake. One statement per search; one more row than asked tells whether more matched.
 */
@Injectable()
export class QidoSearchService {
  constructor(private readonly ds: DataSource) {}

  async search(actor: Actor, q: Query): Promise<Result> {
    assertMayReadImages(actor);
    const args = new SqlArgs();
    const where = whereOf(actor, q, args);
    const page = `LIMIT ${q.limit + 1} OFFSET ${q.offset}`;
    const sql = {
      // A study exists only with its first series and instance (one intake transaction).
      study: `SELECT ${STUDY_COLUMNS}, count(*) OVER () AS total_count FROM diagnosis.studies st WHERE ${where}
               ORDER BY st.study_date DESC NULLS LAST, st.received_at DESC, st.id ${page}`,
      series: `SELECT ${STUDY_COLUMNS}, ${SERIES_COLUMNS}
                 FROM diagnosis.series se JOIN diagnosis.studies st ON st.id = se.study_id
                WHERE ${where} ORDER BY st.received_at DESC, se.series_number NULLS LAST, se.series_instance_uid ${page}`,
      instance: `SELECT ${STUDY_COLUMNS}, ${SERIES_COLUMNS}, ${INSTANCE_COLUMNS}
                   FROM diagnosis.instances i JOIN diagnosis.series se ON se.id = i.series_id
                   JOIN diagnosis.studies st ON st.id = i.study_id
                  WHERE ${where} ORDER BY st.received_at DESC, se.series_number NULLS LAST, se.series_instance_uid,
                        i.instance_number NULLS LAST, i.sop_instance_uid ${page}`,
    }[q.level];
    // A query with no matching key still needs a limit: 0 asks for nothing but the truncation.
    const rows: QidoRow[] = q.limit === 0 ? [] : await this.ds.query(sql, args.values);
    const truncated = rows.length > q.limit;
    const shown = rows.slice(0, q.limit);
    const toJson = { study: studyJson, series: seriesJson, instance: instanceJson }[q.level];
    const counted = rows[0] as (QidoRow & { total_count?: string }) | undefined;
    return {
      items: shown.map(toJson),
      truncated,
      itemStudies: shown.map((r) => ({ id: r.study_id, patientId: r.patient_uuid })),
      total: q.level === 'study' ? (counted?.total_count ? Number(counted.total_count) : 0) : null,
    };
  }
}
