/**
 * Identifier and code systems the platform uses on FHIR (documented in docs/integration.md).
 * The resident ID system is ours: China has no FHIR NamingSystem for 居民身份证 that engines
 * agree on, so an engine searches with this URI and never gets the number back in clear.
 */
export const SYSTEMS = {
  /** 居民身份证号 (GB 11643), searched only; Patient.identifier carries the masked form. */
  residentId: 'https://cmc.example.org/fhir/sid/cn-resident-id',
  residentIdMasked: 'https://cmc.example.org/fhir/sid/cn-resident-id-masked',
  /** Institution codes of the 医共体 directory. */
  institutionCode: 'https://cmc.example.org/fhir/sid/institution-code',
  /** Institution types (LEAD_HOSPITAL, TOWNSHIP_HEALTH_CENTER, …). */
  institutionType: 'https://cmc.example.org/fhir/CodeSystem/institution-type',
  /** DICOM modalities (DICOM PS3.16 CID 29). */
  dicomModality: 'http://dicom.nema.org/resources/ontology/DCM',
  dicomUid: 'urn:dicom:uid',
  /** Diagnoses: ICD-10, China edition (GB/T 14396 / 国家临床版) codes as on REST. */
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  /** 上转 (UP) or 下转 (DOWN): ServiceRequest.category. */
  referralDirection: 'https://cmc.example.org/fhir/CodeSystem/referral-direction',
  /** Our referral statuses, the finer states behind Task.status: Task.businessStatus. */
  referralStatus: 'https://cmc.example.org/fhir/CodeSystem/referral-status',
  /** 急诊急救“五大中心” green channels (seed 002): ServiceRequest.category. */
  greenChannel: 'https://cmc.example.org/fhir/CodeSystem/green-channel',
  /** REFERRAL (held for referrals, R4 quotas) or GENERAL: Slot.serviceCategory. */
  capacityPool: 'https://cmc.example.org/fhir/CodeSystem/capacity-pool',
  /** Department ids of the directory (Schedule.actor, identifiers). */
  department: 'https://cmc.example.org/fhir/sid/department',
  /** Platform roles of a user (PractitionerRole.code). */
  platformRole: 'https://cmc.example.org/fhir/CodeSystem/platform-role',
  /** Why an out-of-catalog referral is still sent (R2): an extension on ServiceRequest. */
  justificationExtension:
    'https://cmc.example.org/fhir/StructureDefinition/out-of-catalog-justification',
  /** How many places a slot still has: an extension on Slot. */
  freePlacesExtension: 'https://cmc.example.org/fhir/StructureDefinition/free-places',
  /** The study a critical finding was raised on, and when it was escalated (Flag extensions). */
  flagStudyExtension: 'https://cmc.example.org/fhir/StructureDefinition/flag-study',
  flagEscalatedExtension: 'https://cmc.example.org/fhir/StructureDefinition/flag-escalated',
  snomed: 'http://snomed.info/sct',
  taskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
} as const;
