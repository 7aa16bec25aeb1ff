/**
 * What /fhir supports, once: the CapabilityStatement is built from it and each search route
 * checks its parameters against it, so the two cannot disagree.
 */
export const SEARCH_PARAMS = {
  Organization: [
    { name: 'name', type: 'string', documentation: 'Starts with (case-insensitive)' },
    { name: 'identifier', type: 'token', documentation: 'Institution code' },
    { name: 'type', type: 'token', documentation: 'LEAD_HOSPITAL, TOWNSHIP_HEALTH_CENTER, …' },
  ],
  Patient: [
    {
      name: 'identifier',
      type: 'token',
      documentation: 'Resident ID: https://cmc.example.org/fhir/sid/cn-resident-id|<18 characters>',
    },
  ],
  ImagingStudy: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<id> or <id>' },
    { name: 'modality', type: 'token', documentation: 'DICOM modality code (CT, DX, ECG…)' },
    { name: 'started', type: 'date', documentation: 'eq, ge, le, gt, lt with YYYY-MM-DD' },
  ],
} as const satisfies Record<
  string,
  readonly { name: string; type: string; documentation: string }[]
>;

export type FhirResourceType = keyof typeof SEARCH_PARAMS;

export const searchParamNames = (type: FhirResourceType): string[] =>
  SEARCH_PARAMS[type].map((p) => p.name);

export function capabilityStatement(base: string, version: string): fhir4.CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-01',
    publisher: '医共体 referral and remote-diagnosis platform',
    kind: 'instance',
    software: { name: 'cmc-gateway', version },
    implementation: {
      description: 'County medical community platform FHIR R4 endpoint',
      url: base,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Authorization: Bearer <token> (POST /api/v1/auth/token) or X-API-Key with scope fhir:read',
        },
        resource: (Object.keys(SEARCH_PARAMS) as FhirResourceType[]).map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: SEARCH_PARAMS[type].map((p) => ({ ...p })),
        })),
      },
    ],
  };
}
