import { z } from 'zod';

/** A study as lists show it, and as readers and clinics open it with its reports (D3–D5). */
export const studySummarySchema = z.object({
  id: z.string().uuid(),
  studyInstanceUid: z.string(),
  modality: z.string().nullable(),
  status: z.string(),
  institutionId: z.string().uuid(),
  patientId: z.string().uuid().nullable(),
  receivedAt: z.string(),
});
export type StudySummary = z.infer<typeof studySummarySchema>;

export const PRIORITIES = ['STAT', 'URGENT', 'ROUTINE'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What an ECG analyzer concluded (D2); a finding may ask for a more urgent reading. */
export const ecgFindingSchema = z.object({
  code: z.string().max(64),
  description: z.string().max(500),
  analyzer: z.string().max(64),
  suggestedPriority: z.enum(PRIORITIES),
});

/** Measurements the gateway took from an ECG's waveform at upload. */
export const ecgSummarySchema = z.object({
  leads: z.array(z.string().max(64)).max(64),
  samplingFrequency: z.number().positive(),
  seconds: z.number().nonnegative(),
  heartRateBpm: z.number().nullable(),
  meanRrMs: z.number().nullable(),
  findings: z.array(ecgFindingSchema).max(50),
  suggestedPriority: z.enum(PRIORITIES).nullable(),
});
export type EcgSummary = z.infer<typeof ecgSummarySchema>;

export const instanceSummarySchema = z.object({
  id: z.string().uuid(),
  sopInstanceUid: z.string(),
  sopClassUid: z.string(),
  seriesInstanceUid: z.string(),
  sizeBytes: z.number().int(),
  ecg: ecgSummarySchema.nullable(),
});

export const reportVersionSchema = z.object({
  version: z.number().int(),
  status: z.enum(['DRAFT', 'PRELIMINARY', 'FINAL', 'SUPERSEDED']),
  findings: z.string(),
  impression: z.string(),
  authorId: z.string().uuid(),
  authorName: z.string(),
  signedAt: z.string().nullable(),
  approvedBy: z.string().uuid().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  amendReason: z.string().nullable(),
  createdAt: z.string(),
});

export const studyDetailSchema = studySummarySchema.extend({
  centerId: z.string().uuid().nullable(),
  priority: z.enum(PRIORITIES).nullable(),
  clinicalHistory: z.string().nullable(),
  question: z.string().nullable(),
  requestedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  instanceCount: z.number().int(),
  lease: z
    .object({ readerId: z.string().uuid(), readerName: z.string(), expiresAt: z.string() })
    .nullable(),
  returnedReason: z.string().nullable(),
  suggestedPriority: z
    .enum(PRIORITIES)
    .nullable()
    .describe('The most urgent priority an ECG analyzer asked for, if any.'),
  instances: z.array(instanceSummarySchema),
  reports: z.array(reportVersionSchema),
});
export type StudyDetail = z.infer<typeof studyDetailSchema>;
