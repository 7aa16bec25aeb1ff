import { z } from 'zod';
import { contract, pageOf, pageQuery } from './contract';
import { instant, optionalText, text } from './fields';
import { PRIORITIES } from './diagnosis.contracts';
import { aeTitleSchema } from '../dicom/dimse';

/**
 * An exam ordered before it is performed (issue 15 item 3): a clinician's reading request made
 * ahead of the exam, or an HL7 ORM from the HIS. Its modality finds it in the Modality Worklist
 * (C-FIND) with the patient, accession number and the Study Instance UID to use; the study that
 * arrives with that accession number or UID is queued for reading with no further step.
 */
/** SCHEDULED until its study arrives and is queued (QUEUED), or CANCELLED by the orderer. */
export const ORDER_STATUSES = ['SCHEDULED', 'QUEUED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** SH (PS3.5): 16 characters; letters, digits and `-_.` are what RIS/HIS systems issue. */
export const accessionNumberSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,16}$/, 'letters, digits, ".", "_" or "-", at most 16 characters');

export const newExamOrderSchema = z
  .object({
    /** Of the patient index (the gateway checks it is of the caller's community). */
    patientId: z.string().uuid(),
    /** Unique within the ordering institution; generated when absent. */
    accessionNumber: accessionNumberSchema.optional(),
    /** DICOM modality code (CT, DX, CR, MR, US, ECG…). */
    modality: z.string().regex(/^[A-Z0-9]{2,16}$/, 'a DICOM modality code such as CT, DX, ECG'),
    requestedProcedure: text(64),
    requestedProcedureCode: optionalText(16),
    scheduledAt: instant,
    /** The modality expected to perform it; any modality of the institution when absent. */
    scheduledStationAeTitle: aeTitleSchema.optional(),
    /** The reading center the study is queued to when it arrives. */
    centerId: z.string().uuid(),
    priority: z.enum(PRIORITIES).default('ROUTINE'),
    clinicalHistory: text(10000),
    question: text(2000),
    /** The ordering system's own number (HL7 ORC-2 / OBR-2), echoed back in ORU. */
    placerOrderNumber: optionalText(64),
    /** Set by the gateway from the patient index (签约 first); a client's value is never taken. */
    familyDoctorSigned: z.boolean().default(false),
  })
  .strict();
export type NewExamOrder = z.infer<typeof newExamOrderSchema>;

export const examOrderSchema = z.object({
  id: z.string().uuid(),
  institutionId: z.string().uuid(),
  patientId: z.string().uuid(),
  accessionNumber: z.string(),
  studyInstanceUid: z.string(),
  modality: z.string(),
  requestedProcedure: z.string(),
  requestedProcedureCode: z.string().nullable(),
  scheduledAt: z.string(),
  scheduledStationAeTitle: z.string().nullable(),
  centerId: z.string().uuid(),
  priority: z.enum(PRIORITIES),
  placerOrderNumber: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  /** The study that arrived for it (null until then). */
  studyId: z.string().uuid().nullable(),
  createdAt: z.string(),
});
export type ExamOrder = z.infer<typeof examOrderSchema>;

/** C0 controls and DEL: no patient ID, modality code or accession number contains one. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A DICOM matching value (PS3.4 C.2.2.2.4) as a Modality Worklist query carries it: exact, or
 * with `*` (any run of characters) and `?` (one character); at most 64 characters (LO).
 */
export const dicomMatchSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((v) => !CONTROL.test(v), 'no control characters');

export const examOrderQuerySchema = pageQuery.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  modality: z
    .string()
    .regex(/^[A-Z0-9]{2,16}$/)
    .optional(),
  /** Only orders for this station, or for any station of the institution. */
  stationAeTitle: aeTitleSchema.optional(),
  scheduledFrom: instant.optional(),
  scheduledTo: instant.optional(),
  accessionNumber: accessionNumberSchema.optional(),
  /** The order a study arrived for (ORU^R01 names its placer number). */
  studyId: z.string().uuid().optional(),
});

/**
 * The bus query adds the Modality Worklist's wildcard matching (the REST query does not offer
 * it): done in SQL, so the worklist's item cap counts matching orders only. Case-sensitive, as
 * PS3.4 has it for every VR but PN.
 */
export const examOrderListSchema = examOrderQuerySchema.extend({
  patientIdMatches: dicomMatchSchema.optional(),
  modalityMatches: dicomMatchSchema.optional(),
  accessionNumberMatches: dicomMatchSchema.optional(),
});
export type ExamOrderQuery = z.infer<typeof examOrderListSchema>;

export const ExamOrderContracts = {
  create: contract('diagnosis.orders.create', newExamOrderSchema, examOrderSchema),
  /** The ordering institution's orders (the caller's own institution; modalities use this for MWL). */
  list: contract('diagnosis.orders.list', examOrderListSchema, pageOf(examOrderSchema)),
  cancel: contract(
    'diagnosis.orders.cancel',
    z.object({ id: z.string().uuid(), reason: text(500) }),
    examOrderSchema,
  ),
} as const;
