import { z } from 'zod';
import { contract, listOf, pageOf, pageQuery } from './contract';
import { optionalText, text } from './fields';
import {
  bedSchema,
  capacitySearchSchema,
  complianceQuerySchema,
  complianceRowSchema,
  publishBedsSchema,
  publishScheduleSchema,
  publishSlotsSchema,
  slotSchema,
} from './referral-capacity.contracts';
import {
  createReferralSchema,
  holdRequestSchema,
  listReferralsSchema,
  referralDetailSchema,
  referralSummarySchema,
} from './referral-detail.contracts';
import {
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_STATUSES,
  followUpSchema,
} from './referral-follow-up.contracts';
import { indicatorsQuerySchema, indicatorsSchema } from './referral-indicators.contracts';
import { CATALOG_LISTS, catalogEntrySchema, policySchema } from './referral-policy.contracts';

// The schemas live in one file per concern; every name is still exported from here, as before.
export * from './referral-capacity.contracts';
export * from './referral-detail.contracts';
export * from './referral-follow-up.contracts';
export * from './referral-policy.contracts';

const byId = z.object({ id: z.string().uuid() });
const withReason = byId.extend({ reason: text(2000) });
const withOptionalReason = byId.extend({ reason: optionalText(2000) });
const ok = z.object({ ok: z.literal(true) });

export const ReferralContracts = {
  list: contract('referral.list', listReferralsSchema, pageOf(referralSummarySchema)),
  get: contract('referral.get', byId, referralDetailSchema),
  create: contract('referral.create', createReferralSchema, referralDetailSchema),
  hold: contract('referral.hold', byId.extend({ hold: holdRequestSchema }), referralDetailSchema),
  accept: contract('referral.accept', withOptionalReason, referralDetailSchema),
  reject: contract('referral.reject', withReason, referralDetailSchema),
  redirect: contract(
    'referral.redirect',
    withReason.extend({
      toInstitutionId: z.string().uuid(),
      toDepartmentId: z.string().uuid().optional(),
    }),
    referralDetailSchema,
  ),
  cancel: contract('referral.cancel', withReason, referralDetailSchema),
  checkIn: contract('referral.check-in', withOptionalReason, referralDetailSchema),
  noShow: contract('referral.no-show', withOptionalReason, referralDetailSchema),
  complete: contract(
    'referral.complete',
    byId.extend({ summary: text(20000) }),
    referralDetailSchema,
  ),
  policyGet: contract('referral.policy.get', z.object({}), policySchema),
  policyUpdate: contract('referral.policy.update', policySchema.partial(), policySchema),
  catalogGet: contract(
    'referral.catalog.get',
    z.object({}),
    z.record(
      z.enum(CATALOG_LISTS),
      z.array(z.object({ from: z.string(), to: z.string(), label: z.string() })),
    ),
  ),
  catalogReplace: contract(
    'referral.catalog.replace',
    z.object({ list: z.enum(CATALOG_LISTS), entries: z.array(catalogEntrySchema).max(2000) }),
    z.object({ list: z.enum(CATALOG_LISTS), count: z.number().int() }),
  ),
  publishSchedule: contract(
    'capacity.schedule.publish',
    publishScheduleSchema,
    z.object({
      scheduleId: z.string().uuid(),
      slots: z.number().int(),
      warnings: z.array(z.string()),
    }),
  ),
  publishSlots: contract(
    'capacity.slots.publish',
    publishSlotsSchema,
    z.object({ slots: z.array(slotSchema), warnings: z.array(z.string()) }),
  ),
  publishBeds: contract(
    'capacity.beds.publish',
    publishBedsSchema,
    z.object({ beds: z.array(bedSchema) }),
  ),
  searchSlots: contract('capacity.slots.search', capacitySearchSchema, listOf(slotSchema)),
  searchBeds: contract('capacity.beds.search', capacitySearchSchema, listOf(bedSchema)),
  compliance: contract(
    'capacity.compliance',
    complianceQuerySchema,
    z.object({ rows: z.array(complianceRowSchema) }),
  ),
  releaseDue: contract(
    'capacity.release-due',
    z.object({}),
    z.object({ released: z.number().int() }),
  ),
  followUps: contract(
    'referral.follow-ups.list',
    pageQuery.extend({ status: z.enum(FOLLOW_UP_STATUSES).optional() }),
    pageOf(followUpSchema),
  ),
  recordFollowUp: contract(
    'referral.follow-ups.record',
    z.object({
      id: z.string().uuid(),
      outcome: z.enum(FOLLOW_UP_OUTCOMES),
      notes: optionalText(5000),
    }),
    followUpSchema,
  ),
  indicators: contract('referral.indicators', indicatorsQuerySchema, indicatorsSchema),
  sweep: contract(
    'referral.sweep',
    z.object({}),
    ok.extend({ actions: z.record(z.string(), z.number().int()) }),
  ),
} as const;
