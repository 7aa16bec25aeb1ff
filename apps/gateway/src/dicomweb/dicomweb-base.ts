import type { Request } from 'express';
import { Actor, AppError, isValidUid, Role } from '@app/shared';
import type { AuditEntry } from '../audit/audit.service';
import { publicBase } from '../common/request-context';

/** Everyone who works with studies; an integration engine needs the dicomweb scope. */
export const DICOMWEB_READERS = {
  roles: ['clinician', 'reader', 'senior_reader', 'community_admin'] as Role[],
  scope: 'dicomweb:read' as const,
};
export const DICOMWEB_WRITERS = {
  roles: ['clinician'] as Role[],
  scope: 'dicomweb:write' as const,
};

/** The absolute URL of /dicomweb as the client reached it. */
export const dicomwebBase = (req: Request): string => publicBase(req, '/dicomweb');

/** A UID in the path: malformed is a 400, not a search for something that cannot exist. */
export function pathUid(value: string | undefined, what: string): string | null {
  if (value === undefined) return null;
  if (!isValidUid(value)) throw AppError.validation(`The ${what} in the path is not a UID`);
  return value;
}

export function studyAudit(
  action: AuditEntry['action'],
  studies: { id: string; patientId: string | null }[],
): AuditEntry[] {
  // One entry per study, however many of its series or instances the answer lists.
  const once = new Map(studies.map((s) => [s.id, s.patientId]));
  return [...once].map(([id, patientId]) => ({
    action,
    resourceType: 'ImagingStudy',
    resourceId: id,
    patientId,
  }));
}

export type { Actor };
