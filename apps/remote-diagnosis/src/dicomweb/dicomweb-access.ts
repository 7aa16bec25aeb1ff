import { Actor, AppError, hasRole } from '@app/shared';

/**
 * Who may search and retrieve images, enforced here, where the index lives, not only at the
 * edge: people who work with studies, and integration engines granted DICOMweb or FHIR reading.
 * Which studies they see is visibleStudies' business (qido-sql.ts).
 */
export function assertMayReadImages(actor: Actor): void {
  const allowed =
    actor.kind === 'api_client'
      ? actor.scopes.includes('dicomweb:read') || actor.scopes.includes('fhir:read')
      : hasRole(actor, 'clinician', 'reader', 'senior_reader', 'community_admin');
  if (!allowed)
    throw AppError.forbidden(
      'Only clinicians, readers and community admins (or engines with dicomweb:read or fhir:read) read images',
    );
}
