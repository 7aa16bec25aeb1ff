import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  Actor,
  AppError,
  ErrorCode,
  hasRole,
  requestReadingSchema,
  StudyDetail,
} from '@app/shared';
import { assertReadingCenter, queueStudy } from './queue-study';
import { loadStudy, lockStudy } from './study.queries';

type ReadingRequest = z.infer<typeof requestReadingSchema>;

/** Who may send a 申请单: the submitting clinic's clinicians, or its systems with studies:write. */
function mayRequestReading(actor: Actor): boolean {
  return (
    hasRole(actor, 'clinician') ||
    (actor.kind === 'api_client' && actor.scopes.includes('studies:write'))
  );
}

/**
 * D3: the reading request (申请单) puts a received study, or one sent back for
 * re-examination, in a reading center's queue.
 */
@Injectable()
export class RequestReading {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, q: ReadingRequest): Promise<StudyDetail> {
    if (!mayRequestReading(actor))
      throw AppError.forbidden('Only the submitting clinic requests a reading');
    return this.ds.transaction(async (m) => {
      const row = await lockStudy(m, actor, q.studyId);
      // Another institution's study is not acknowledged to exist.
      if (row.institution_id !== actor.institutionId) throw AppError.notFound('Study');
      if (!['RECEIVED', 'RETURNED'].includes(row.status)) {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `The study is ${row.status}; a reading is requested once, or again after it was sent back`,
        );
      }
      await assertReadingCenter(m, q.centerId, actor.communityId);
      const updated = await queueStudy(m, row, q, { id: actor.id, name: actor.name });
      return loadStudy(m, updated, false);
    });
  }
}
