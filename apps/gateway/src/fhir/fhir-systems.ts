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
} as const;
