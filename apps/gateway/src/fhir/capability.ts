/**
 * What /fhir supports, once: the CapabilityStatement is built from it and each search route
 * checks its parameters against it, so the two cannot disagree.
 */
interface Param {
  name: string;
  type: 'string' | 'token' | 'reference' | 'date';
  documentation: string;
}
interface ResourceSupport {
  interactions: ('read' | 'search-type' | 'update' | 'patch')[];
  searchParams: readonly Param[];
  operations?: readonly { name: string; definition: string; documentation: string }[];
  documentation?: string;
}

/** A search parameter of each type, documented by what it matches. */
const param =
  (type: Param['type']) =>
  (name: string, documentation: string): Param => ({ name, type, documentation });
const text = param('string');
const token = param('token');
const date = param('date');
const ref = param('reference');

const lastUpdated = date(
  '_lastUpdated',
  'eq, ge, gt, le, lt with YYYY-MM-DD (Asia/Shanghai day) or an instant',
);
const org = (name: string, what: string) => ref(name, `${what}: Organization/<id> or <id>`);
const patient = ref('patient', 'Patient/<id> or <id>');

export const RESOURCES = {
  Organization: {
    interactions: ['read', 'search-type'],
    searchParams: [
      text('name', 'Starts with (case-insensitive)'),
      token('identifier', 'Institution code'),
      token('type', 'LEAD_HOSPITAL, TOWNSHIP_HEALTH_CENTER, …'),
    ],
  },
  Patient: {
    interactions: ['read', 'search-type'],
    searchParams: [
      token(
        'identifier',
        'Resident ID: https://cmc.example.org/fhir/sid/cn-resident-id|<18 characters>',
      ),
    ],
  },
  PractitionerRole: {
    interactions: ['read', 'search-type'],
    searchParams: [
      org('organization', 'The institution the user works at'),
      token('role', 'clinician, referral_coordinator, reader, …'),
    ],
  },
  ImagingStudy: {
    interactions: ['read', 'search-type'],
    searchParams: [
      patient,
      token('modality', 'DICOM modality code (CT, DX, ECG…)'),
      date('started', 'eq, ge, le, gt, lt with YYYY-MM-DD'),
    ],
  },
  DiagnosticReport: {
    interactions: ['read', 'search-type'],
    searchParams: [
      patient,
      token('status', 'final or amended'),
      date('date', 'When the report was issued (eq, ge, gt, le, lt)'),
    ],
  },
  Flag: {
    interactions: ['read', 'search-type'],
    documentation: 'Critical findings (危急值): active until a clinician acknowledges them',
    searchParams: [patient, token('status', 'active or inactive')],
  },
  ServiceRequest: {
    interactions: ['read', 'search-type'],
    documentation:
      'A referral as an order; created with its Task by a transaction Bundle (POST /fhir)',
    searchParams: [
      patient,
      token('status', 'active, completed, revoked (comma for or)'),
      org('requester', 'The sending institution'),
      org('performer', 'The receiving institution'),
      lastUpdated,
    ],
  },
  Task: {
    interactions: ['read', 'search-type', 'update', 'patch'],
    documentation:
      'A referral’s workflow: PUT or JSON-PATCH Task.status to accept, reject, redirect (owner + rejected), cancel, check in (in-progress), mark a no-show (failed) or complete',
    searchParams: [
      patient,
      token(
        'status',
        'requested, accepted, rejected, in-progress, completed, cancelled, failed (comma for or)',
      ),
      org('requester', 'The sending institution'),
      org('owner', 'The receiving institution'),
      lastUpdated,
    ],
  },
  Schedule: {
    interactions: ['read', 'search-type'],
    documentation: 'One per department that publishes outpatient slots',
    searchParams: [org('organization', 'The institution (custom)')],
  },
  Slot: {
    interactions: ['read', 'search-type'],
    searchParams: [
      org('organization', 'The receiving institution (custom; this or schedule is required)'),
      ref('schedule', 'Schedule/<department id>'),
      date('start', 'eq (that day) or ge/gt (14 days from) YYYY-MM-DD'),
      token('pool', 'REFERRAL or GENERAL (custom)'),
      token('status', 'free (default) or busy'),
    ],
  },
  Appointment: {
    interactions: ['read'],
    documentation:
      'The place held or booked for a referral (id = the referral id); $hold and $book in the manner of IHE ITI-116/117',
    searchParams: [],
    operations: [
      {
        name: 'hold',
        definition: 'https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-hold',
        documentation:
          'Parameters.appointment-resource: an Appointment with basedOn ServiceRequest/<referral> and slot Slot/<id> (or a participant Location/<bed>)',
      },
      {
        name: 'book',
        definition: 'https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-book',
        documentation:
          'Parameters.appointment-reference Appointment/<referral>: the receiving institution books the held place (accepts the referral)',
      },
    ],
  },
} as const satisfies Record<string, ResourceSupport>;

export type FhirResourceType = keyof typeof RESOURCES;

export const searchParamNames = (type: FhirResourceType): string[] =>
  (RESOURCES[type].searchParams as readonly Param[]).map((p) => p.name);

export function capabilityStatement(base: string, version: string): fhir4.CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-02',
    publisher: '医共体 referral and remote-diagnosis platform',
    kind: 'instance',
    software: { name: 'cmc-gateway', version },
    implementation: {
      description: 'County medical community platform FHIR R4 endpoint',
      url: base,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Authorization: Bearer <token> (POST /api/v1/auth/token) or X-API-Key with scope fhir:read (fhir:write for POST /fhir, Task updates, $hold and $book)',
        },
        interaction: [
          { code: 'transaction', documentation: 'ServiceRequest + Task: one referral' },
        ],
        resource: (Object.keys(RESOURCES) as FhirResourceType[]).map((type) => {
          const r: ResourceSupport = RESOURCES[type];
          return {
            type,
            ...(r.documentation ? { documentation: r.documentation } : {}),
            interaction: r.interactions.map((code) => ({ code })),
            ...(r.interactions.includes('update') ? { updateCreate: false } : {}),
            searchParam: r.searchParams.map((p) => ({ ...p })),
            ...(r.operations ? { operation: r.operations.map((o) => ({ ...o })) } : {}),
          };
        }),
      },
    ],
  };
}
