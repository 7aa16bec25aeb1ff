import { z } from 'zod';
import { ecgSummarySchema } from './diagnosis.contracts';
import { actorSchema } from '../actor/actor';
import { pageOf } from './contract';
import { INSTITUTION_TYPES } from './directory.events';

/**
 * What the gateway's own routes answer (directory, patient index, audit, uploads, ECG, health):
 * the data is the gateway's, so these are not bus contracts, but they are typed once here for the
 * OpenAPI document and for clients, like every other reply.
 */

const uuid = z.string().uuid();
/** A timestamp as PostgreSQL's timestamptz leaves the gateway (ISO 8601, UTC). */
const timestamp = z.iso.datetime({ offset: true });

export const communitySchema = z
  .object({
    id: uuid,
    code: z.string().describe('Short code of the 医共体').meta({ example: 'LP-RM' }),
    name: z.string().meta({ example: '梁平区人民医院医共体' }),
    region: z
      .string()
      .describe('The district or county it serves')
      .meta({ example: '重庆市梁平区' }),
    population: z
      .number()
      .int()
      .min(0)
      .describe('常住人口, the denominator of per-10,000 indicators'),
  })
  .describe('A county medical community (医共体 / 医联体)');

export const communityDetailSchema = communitySchema.extend({
  institutionCount: z.number().int().min(0),
});

/** The directory's institution types, under the name the REST contracts have always used. */
export const INSTITUTION_KINDS = INSTITUTION_TYPES;

export const institutionSchema = z.object({
  id: uuid,
  communityId: uuid,
  code: z.string(),
  name: z.string().meta({ example: '屏锦中心卫生院' }),
  type: z.enum(INSTITUTION_KINDS),
  level: z.number().int().min(1).max(3).describe('3: county level, 2: township, 1: village'),
  parentId: uuid.nullable().describe('The institution it belongs to (a village clinic’s township)'),
});

export const departmentSchema = z.object({
  id: uuid,
  institutionId: uuid,
  code: z.string().meta({ example: 'CARD' }),
  name: z.string().meta({ example: '心血管内科' }),
  kind: z
    .enum(['CLINICAL', 'WARD', 'IMAGING_CENTER', 'ECG_CENTER', 'OTHER'])
    .describe('IMAGING_CENTER and ECG_CENTER are reading centers'),
});

export const directoryUserSchema = z.object({
  id: uuid,
  username: z.string().meta({ example: 'pj.doctor' }),
  displayName: z.string(),
  institutionId: uuid,
  roles: z.array(z.string()).min(1),
  active: z.boolean(),
});

export const patientSchema = z
  .object({
    id: uuid,
    communityId: uuid,
    name: z.string().meta({ example: '张三' }),
    sex: z.enum(['male', 'female']).describe('From the resident ID (GB 11643)'),
    birthDate: z.iso.date().describe('From the resident ID (GB 11643)'),
    residentIdMasked: z
      .string()
      .describe('The resident ID, masked')
      .meta({ example: '110105********002X' }),
    phoneMasked: z.string().nullable().describe('The phone, masked; null when none'),
    familyDoctorSigned: z.boolean().describe('签约 resident (seed 001 四(六))'),
    registeredByInstitutionId: uuid,
    createdAt: timestamp,
  })
  .describe('A patient of the community; the resident ID is stored encrypted and never returned');

export const auditEventSchema = z.object({
  id: z.string().describe('Sequence number, as text'),
  at: timestamp,
  actorKind: z.string().describe('user or api_client'),
  actorId: uuid,
  actorName: z.string(),
  institutionId: uuid,
  action: z.string().meta({ example: 'read' }),
  resourceType: z.string().meta({ example: 'Patient' }),
  resourceId: z.string().nullable(),
  patientId: uuid.nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  correlationId: z.string().nullable(),
});
export const auditPageSchema = pageOf(auditEventSchema);

/** One stored DICOM instance, as the upload answers it. */
export const uploadedInstanceSchema = z.object({
  studyId: uuid,
  seriesId: uuid,
  instanceId: uuid,
  sopInstanceUid: z.string(),
  created: z.boolean().describe('false when the SOP Instance UID was already stored'),
});

/** A multipart upload: every part stored or refused on its own (STOW-RS semantics). */
export const uploadBatchSchema = z.object({
  stored: z.array(uploadedInstanceSchema.extend({ index: z.number().int().min(0) })),
  refused: z.array(
    z.object({
      index: z.number().int().min(0).describe('Position of the part in the request'),
      status: z.number().int().describe('The status this part alone would have had'),
      code: z.string(),
      error: z.string(),
    }),
  ),
});

const ecgChannelSchema = z.object({
  index: z.number().int(),
  lead: z.string().nullable().meta({ example: 'II' }),
  label: z.string(),
  source: z.object({
    scheme: z.string().nullable(),
    code: z.string().nullable(),
    meaning: z.string().nullable(),
  }),
  unit: z.string().nullable().describe('mV when calibrated'),
  sensitivity: z.number(),
  correctionFactor: z.number(),
  baseline: z.number(),
  values: z.array(z.number()),
});

export const ecgLeadsSchema = z.object({
  studyId: uuid,
  instanceId: uuid,
  sopInstanceUid: z.string(),
  measurements: ecgSummarySchema.nullable().describe('Taken at upload'),
  sopClassUid: z.string(),
  groups: z.array(
    z.object({
      index: z.number().int(),
      label: z.string().nullable(),
      samplingFrequency: z.number().describe('Hz, after decimation'),
      numberOfSamples: z.number().int(),
      window: z
        .object({
          start: z.number().int(),
          count: z.number().int(),
          step: z.number().int(),
          totalSamples: z.number().int(),
          nextStart: z
            .number()
            .int()
            .nullable()
            .describe('`start` of the next page; null at the end'),
        })
        .describe('Which samples of the file this answer holds'),
      bitsAllocated: z.union([z.literal(8), z.literal(16)]),
      interpretation: z.string(),
      channels: z.array(ecgChannelSchema),
    }),
  ),
});

export const healthSchema = z.object({ status: z.literal('ok') });
export const readinessSchema = z
  .object({
    status: z.enum(['ok', 'error']),
    ok: z.boolean(),
    checks: z.record(
      z.string(),
      z.object({ status: z.enum(['up', 'down']), error: z.string().optional() }),
    ),
  })
  .describe('The overall answer and one entry per dependency checked (postgres, redis, nats)');

/** What signing in answers: the bearer token and who it stands for. */
export const accessTokenSchema = z.object({
  accessToken: z.string().describe('A JWT; send it as `Authorization: Bearer …`'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the token expires'),
  actor: actorSchema,
});

/**
 * The console's cookie session: who is signed in and the X-CSRF-Token its writes must carry.
 * The token itself is in an HttpOnly cookie and never in this body.
 */
export const consoleSessionSchema = z.object({
  actor: actorSchema,
  csrfToken: z
    .string()
    .nullable()
    .describe(
      'Send as X-CSRF-Token on every write made with the session cookie; null for bearer callers',
    ),
  expiresIn: z.number().int().optional().describe('Seconds until the session ends (on sign-in)'),
  viewerPort: z
    .number()
    .int()
    .nullable()
    .describe(
      'Port of the OHIF viewer on this host (its own origin; it accepts this session), or null when off',
    ),
});
export type ConsoleSession = z.infer<typeof consoleSessionSchema>;
