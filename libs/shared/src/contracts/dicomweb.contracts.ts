import { z } from 'zod';
import { contract } from './contract';
import { pixelFramesSchema } from './diagnosis.contracts';

/**
 * DICOMweb (PS3.18) between the gateway, which speaks HTTP to viewers and PACS, and the
 * remote-diagnosis service, which owns the index and decides who may see which study.
 */

const uid = z
  .string()
  .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/)
  .max(64);
const tag = z.string().regex(/^[0-9A-F]{8}$/);

export const QIDO_LEVELS = ['study', 'series', 'instance'] as const;
export type QidoLevel = (typeof QIDO_LEVELS)[number];

/** One matching key of a QIDO-RS query, parsed and checked at the edge (qido-query.ts). */
export const qidoFilterSchema = z.discriminatedUnion('kind', [
  /** Single value or wildcard (`*`, `?`) matching; PN matches each component group. */
  z.object({ tag, kind: z.literal('pattern'), pattern: z.string().min(1).max(200) }),
  /** UID list or multi-valued code matching (PS3.4 C.2.2.2.2). */
  z.object({ tag, kind: z.literal('list'), values: z.array(z.string().min(1).max(64)).max(100) }),
  /** Range matching of DA/TM as normalised, comparable strings; either end may be open. */
  z.object({
    tag,
    kind: z.literal('range'),
    from: z.string().max(16).nullable(),
    to: z.string().max(16).nullable(),
  }),
  z.object({ tag, kind: z.literal('int'), value: z.number().int() }),
]);
export type QidoFilter = z.infer<typeof qidoFilterSchema>;

export const QIDO_MAX_LIMIT = 1000;

export const qidoQuerySchema = z.object({
  level: z.enum(QIDO_LEVELS),
  studyInstanceUid: uid
    .nullable()
    .default(null)
    .describe(
      'From the path: /studies/{study}/series, /studies/{study}/series/{series}/instances.',
    ),
  seriesInstanceUid: uid.nullable().default(null),
  filters: z.array(qidoFilterSchema).max(40).default([]),
  studyId: z
    .string()
    .uuid()
    .nullable()
    .default(null)
    .describe(
      'FHIR ImagingStudy search and read: our study and patient ids, not DICOM attributes.',
    ),
  patientId: z.string().uuid().nullable().default(null),
  includeFields: z
    .union([z.literal('all'), z.array(tag).max(200)])
    .default([])
    .describe(
      'Extra attributes to return, as tags; `all` returns every attribute the index holds.',
    ),
  limit: z.number().int().min(0).max(QIDO_MAX_LIMIT).default(100),
  offset: z.number().int().min(0).max(100_000).default(0),
});
export type QidoQuery = z.infer<typeof qidoQuerySchema>;

/** One DICOM JSON data set (PS3.18 F.2): tag → { vr, Value | BulkDataURI | InlineBinary }. */
export const dicomJsonSchema = z.record(
  tag,
  z.object({
    vr: z.string().regex(/^[A-Z]{2}$/),
    Value: z.array(z.unknown()).optional(),
    BulkDataURI: z.string().optional(),
    InlineBinary: z.string().optional(),
  }),
);

/** Matches, each with the study, series and instance UIDs the gateway builds RetrieveURLs from. */
export const qidoResultSchema = z.object({
  items: z.array(dicomJsonSchema),
  truncated: z
    .boolean()
    .describe('True when more matched than `limit` returned (PS3.18: a Warning header says so).'),
  /** Per item, the study it belongs to: for the audit, and FHIR ImagingStudy.id and subject. */
  itemStudies: z.array(
    z.object({ id: z.string().uuid(), patientId: z.string().uuid().nullable() }),
  ),
  total: z
    .number()
    .int()
    .nullable()
    .describe('How many matched in all (study level; FHIR Bundle.total).'),
});

/** What WADO-RS retrieves, narrowed by the path. */
export const locateQuerySchema = z.object({
  studyInstanceUid: uid,
  seriesInstanceUid: uid.nullable().default(null),
  sopInstanceUid: uid.nullable().default(null),
  after: uid
    .nullable()
    .default(null)
    .describe("Page through a large study: a page stays well under NATS's 1 MB message limit."),
  withFrames: z
    .boolean()
    .default(false)
    .describe('Frame index of a single instance, when the frames resource was asked for.'),
});

export const LOCATE_PAGE = 1000;

export const locatedInstanceSchema = z.object({
  seriesInstanceUid: uid,
  sopInstanceUid: uid,
  sopClassUid: uid,
  transferSyntaxUid: uid,
  blobKey: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  metadataBlobKey: z.string().nullable(),
  frames: pixelFramesSchema.nullable(),
});
export type LocatedInstance = z.infer<typeof locatedInstanceSchema>;

export const locateResultSchema = z.object({
  study: z.object({ id: z.string().uuid(), patientId: z.string().uuid().nullable() }),
  instances: z.array(locatedInstanceSchema).max(LOCATE_PAGE),
  next: uid
    .nullable()
    .describe('The last SOP Instance UID of this page when another page follows.'),
});

export const DicomwebContracts = {
  search: contract('diagnosis.dicomweb.search', qidoQuerySchema, qidoResultSchema),
  locate: contract('diagnosis.dicomweb.locate', locateQuerySchema, locateResultSchema),
} as const;
