import { EntityManager } from 'typeorm';
import { StudyRow, writeStudyEvent } from '../study.queries';

/**
 * The events a report step announces, written once for signing, amending and approving: a
 * version that became final is `report.amended` when it amends a final report (engines replace
 * what they stored) and `report.finalized` otherwise.
 */
export function announceFinalReport(
  m: EntityManager,
  row: StudyRow,
  version: number,
  approvedBy: string | null,
  amendReason: string | null,
): Promise<void> {
  if (amendReason !== null)
    return writeStudyEvent(m, row, 'report.amended', {
      studyId: row.id,
      version,
      approvedBy,
      reason: amendReason,
    });
  return writeStudyEvent(m, row, 'report.finalized', { studyId: row.id, version, approvedBy });
}

/** A signed version, final or waiting for approval (审核), is announced as preliminary first. */
export function announcePreliminaryReport(
  m: EntityManager,
  row: StudyRow,
  version: number,
  authorId: string,
): Promise<void> {
  return writeStudyEvent(m, row, 'report.preliminary', { studyId: row.id, version, authorId });
}
