import type { Request } from 'express';
import { Actor, AppError, isValidUid, Role } from '@app/shared';
import type { AuditEntry } from '../audit/audit.service';

/** Everyone who works with studies; an integration engine needs the dicomweb scope. */
export const DICOMWEB_READERS = {
  roles: ['clinician', 'reader', 'senior_reader', 'community_admin'] as Role[],
  scope: 'dicomweb:read',
};
export const DICOMWEB_WRITERS = { roles: ['clinician'] as Role[], scope: 'dicomweb:write' };

/**
 * The absolute URL of /dicomweb as the client reached it (RetrieveURL, BulkDataURI): the
 * Host it sent and, behind a trusted proxy only, the scheme the proxy saw.
 */
export function dicomwebBase(req: Request): string {
  const host = req.get('host') ?? 'localhost';
  return `${req.protocol}://${/^[\w.:[\]-]{1,255}$/.test(host) ? host : 'localhost'}/dicomweb`;
}

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
  return studies.map((s) => ({
    action,
    resourceType: 'ImagingStudy',
    resourceId: s.id,
    patientId: s.patientId,
  }));
}

export type { Actor };
