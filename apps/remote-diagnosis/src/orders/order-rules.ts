import { Actor, hasRole } from '@app/shared';

/**
 * Who may order (and cancel): the institution's clinicians, and engines (HIS via API or HL7)
 * with studies:write. A modality only reads its worklist; it never orders.
 */
export function mayOrder(actor: Actor): boolean {
  if (actor.kind === 'user') return hasRole(actor, 'clinician');
  return actor.kind !== 'modality' && actor.scopes.includes('studies:write');
}
