import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  AppError,
  DicomwebContracts,
  LOCATE_PAGE,
  ParsedRequestOf,
  ResponseOf,
} from '@app/shared';
import { assertMayReadImages } from './dicomweb-access';
import { SqlArgs, visibleStudies } from './qido-sql';

type Query = ParsedRequestOf<typeof DicomwebContracts.locate>;
type Result = ResponseOf<typeof DicomwebContracts.locate>;

/**
 * G2b WADO-RS: where a study's (series', instance's) bytes, DICOM JSON and frames are, for
 * an actor who may see the study; 404 alike for what does not exist and what is not theirs.
 * UIDs are unique per submitting institution, so two clinics may have sent the same Study
 * Instance UID: the earliest received study the actor may see answers, as QIDO lists it first.
 */
@Injectable()
export class WadoLocateService {
  constructor(private readonly ds: DataSource) {}

  async locate(actor: Actor, q: Query): Promise<Result> {
    assertMayReadImages(actor);
    const args = new SqlArgs();
    const visible = visibleStudies(actor, args);
    const [study] = await this.ds.query(
      `SELECT st.id, st.patient_id AS "patientId" FROM diagnosis.studies st
        WHERE ${visible} AND st.study_instance_uid = ${args.add(q.studyInstanceUid)}
        ORDER BY st.received_at, st.id LIMIT 1`,
      args.values,
    );
    if (!study) throw AppError.notFound('Study');
    const rows = await this.ds.query(
      `SELECT se.series_instance_uid AS "seriesInstanceUid", i.sop_instance_uid AS "sopInstanceUid",
              i.sop_class_uid AS "sopClassUid", i.transfer_syntax_uid AS "transferSyntaxUid",
              i.blob_key AS "blobKey", i.size_bytes::float8 AS "sizeBytes",
              i.metadata_blob_key AS "metadataBlobKey", ${q.withFrames ? 'i.frames' : 'NULL'} AS frames
         FROM diagnosis.instances i JOIN diagnosis.series se ON se.id = i.series_id
        WHERE i.study_id = $1
          AND ($2::text IS NULL OR se.series_instance_uid = $2)
          AND ($3::text IS NULL OR i.sop_instance_uid = $3)
          AND ($4::text IS NULL OR i.sop_instance_uid > $4)
        ORDER BY i.sop_instance_uid LIMIT ${LOCATE_PAGE + 1}`,
      [study.id, q.seriesInstanceUid, q.sopInstanceUid, q.after],
    );
    if (rows.length === 0 && !q.after)
      throw AppError.notFound(q.sopInstanceUid ? 'Instance' : 'Series');
    const page = rows.slice(0, LOCATE_PAGE);
    return {
      study,
      instances: page,
      next: rows.length > LOCATE_PAGE ? page[page.length - 1].sopInstanceUid : null,
    };
  }
}
