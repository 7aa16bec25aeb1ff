import { z } from 'zod';
import { ErrorCode } from '../errors/error-code';
import { contract } from './contract';
import { registeredInstanceSchema, registerInstanceSchema } from './diagnosis.contracts';

/**
 * Issue 16 item 2: instances are registered in batches, one bus call and one transaction for
 * many. The gateway sends what arrived while the previous call was in flight (a STOW-RS
 * request's parts, concurrent uploads, a modality's association), so a lone upload waits for
 * nobody. Each item succeeds or is refused on its own, as STOW-RS reports per instance.
 */
export const MAX_REGISTER_BATCH = 100;

const refusedItemSchema = z.object({
  ok: z.literal(false),
  code: z.nativeEnum(ErrorCode),
  message: z.string(),
});

export const registerManyResultSchema = z.object({
  results: z.array(
    z.union([
      z.object({ ok: z.literal(true), instance: registeredInstanceSchema }),
      refusedItemSchema,
    ]),
  ),
});
export type RegisterManyResult = z.infer<typeof registerManyResultSchema>;
export type RegisterInstance = z.infer<typeof registerInstanceSchema>;

export const IntakeContracts = {
  registerMany: contract(
    'diagnosis.instances.register-many',
    z.object({ items: z.array(registerInstanceSchema).min(1).max(MAX_REGISTER_BATCH) }),
    registerManyResultSchema,
    30_000,
  ),
} as const;
