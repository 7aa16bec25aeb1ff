import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, DiagnosisContracts, ResponseOf, rowsOf } from '@app/shared';
import { GetStudy } from './get-study';

type InstanceOfStudy = ResponseOf<typeof DiagnosisContracts.getInstance>;
type InstanceRow = Omit<InstanceOfStudy, 'studyId' | 'patientId'>;

/** One instance's index entry and blob reference, for whoever may see its study. */
@Injectable()
export class GetStudyInstance {
  constructor(
    private readonly ds: DataSource,
    private readonly getStudy: GetStudy,
  ) {}

  async execute(actor: Actor, studyId: string, instanceId: string): Promise<InstanceOfStudy> {
    // Seeing the study is what allows seeing its instances (and the 404 is the study's).
    const study = await this.getStudy.execute(actor, studyId);
    const [row] = await rowsOf<InstanceRow>(
      this.ds.manager,
      `SELECT i.id, i.sop_instance_uid AS "sopInstanceUid", i.sop_class_uid AS "sopClassUid",
              se.series_instance_uid AS "seriesInstanceUid", i.size_bytes::float8 AS "sizeBytes", i.ecg, i.blob_key AS "blobKey"
         FROM diagnosis.instances i JOIN diagnosis.series se ON se.id = i.series_id
        WHERE i.id = $1 AND i.study_id = $2`,
      [instanceId, studyId],
    );
    if (!row) throw AppError.notFound('Instance');
    return { ...row, studyId, patientId: study.patientId };
  }
}
