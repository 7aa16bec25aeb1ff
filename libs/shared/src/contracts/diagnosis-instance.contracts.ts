import { z } from 'zod';
import { ecgSummarySchema } from './diagnosis-study.contracts';

/** What the gateway registers for every stored instance (D1/D2); the bytes stay in blob storage. */
const uid = z
  .string()
  .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/)
  .max(64);

const blobKey = z.string().regex(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
const dicomText = (max: number) => z.string().max(max).nullable().default(null);
const dicomInt = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1)
  .nullable()
  .default(null);

/** The header attributes QIDO-RS searches and answers with (PS3.18 Table 10.6.1-5…7). */
export const indexedAttributesSchema = z.object({
  patientName: dicomText(200), // three component groups of at most 64 characters each
  patientId: dicomText(64),
  patientBirthDate: dicomText(16),
  patientSex: dicomText(16),
  studyTime: dicomText(32),
  referringPhysicianName: dicomText(200),
  studyDescription: dicomText(64),
  studyId: dicomText(16),
  seriesNumber: dicomInt,
  seriesDescription: dicomText(64),
  bodyPartExamined: dicomText(16),
  instanceNumber: dicomInt,
  rows: dicomInt,
  columns: dicomInt,
  numberOfFrames: dicomInt,
});

/** At most this many fragments are indexed per instance (a message stays well under 1 MB). */
export const MAX_INDEXED_FRAGMENTS = 20_000;
const span = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export const pixelFramesSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('native'),
    offset: z.number().int().nonnegative(),
    frameLength: z.number().int().positive(),
    count: z.number().int().positive().max(10_000),
  }),
  z.object({
    kind: z.literal('encapsulated'),
    frames: z
      .array(z.array(span).min(1))
      .min(1)
      .max(10_000)
      .refine(
        (f) => f.reduce((n, frame) => n + frame.length, 0) <= MAX_INDEXED_FRAGMENTS,
        `at most ${MAX_INDEXED_FRAGMENTS} fragments`,
      ),
  }),
  z.object({ kind: z.literal('unavailable'), reason: z.string().max(200) }),
]);

/** What the gateway learnt from an uploaded instance: the bytes stay in blob storage. */
export const registerInstanceSchema = z.object({
  blob: z.object({
    key: blobKey,
    size: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  header: z.object({
    transferSyntaxUid: uid,
    sopClassUid: uid,
    sopInstanceUid: uid,
    studyInstanceUid: uid,
    seriesInstanceUid: uid,
    modality: z.string().max(16).nullable(),
    studyDate: z.string().max(16).nullable(),
    accessionNumber: z.string().max(64).nullable(),
    ...indexedAttributesSchema.shape,
    characterSetSupported: z
      .boolean()
      .default(true)
      .describe(
        'False when SpecificCharacterSet named a set we cannot decode: text is Latin-1 as sent.',
      ),
  }),
  metadataBlobKey: blobKey
    .nullable()
    .default(null)
    .describe("The instance's DICOM JSON (PS3.18 F.2), stored at intake for WADO-RS metadata."),
  frames: pixelFramesSchema
    .nullable()
    .default(null)
    .describe('Where its frames lie in the file, for WADO-RS frames.'),
  ecg: ecgSummarySchema.nullable().default(null),
});

export const registeredInstanceSchema = z.object({
  studyId: z.string().uuid(),
  seriesId: z.string().uuid(),
  instanceId: z.string().uuid(),
  sopInstanceUid: z.string(),
  created: z
    .boolean()
    .describe('false when the SOP Instance UID was already stored: re-sending is idempotent.'),
  duplicateBlobKey: z
    .string()
    .nullable()
    .describe('The blob the caller should delete, when the instance already existed.'),
});
export type RegisteredInstance = z.infer<typeof registeredInstanceSchema>;
