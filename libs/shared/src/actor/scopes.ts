import { z } from 'zod';

/**
 * What an API client (an integration engine) may be allowed to call: one typed list, used by
 * the admin API that grants scopes, the routes that require them and the services that check
 * them again. A route names its scope from this list, never as a free string.
 */
export const API_SCOPES = [
  'directory:read',
  'patients:read',
  'patients:write',
  'referrals:read',
  'referrals:write',
  'studies:read',
  'studies:write',
  'dicomweb:read',
  'dicomweb:write',
  'fhir:read',
  'fhir:write',
  'webhooks:manage',
] as const;
export const apiScopeSchema = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof apiScopeSchema>;
