import { z } from 'zod';

/**
 * A request/reply subject with its payload and reply schemas. Both sides import the same
 * object, so the gateway and the owning service cannot disagree about a message's shape.
 */
export interface Contract<Req extends z.ZodType, Res extends z.ZodType> {
  subject: string;
  request: Req;
  response: Res;
  /** How long the caller waits before answering 503; slow work sets its own. */
  timeoutMs?: number;
}

export function contract<Req extends z.ZodType, Res extends z.ZodType>(
  subject: string,
  request: Req,
  response: Res,
  timeoutMs?: number,
): Contract<Req, Res> {
  return { subject, request, response, timeoutMs };
}

export type RequestOf<C> = C extends Contract<infer Req, z.ZodType> ? z.input<Req> : never;
export type ParsedRequestOf<C> = C extends Contract<infer Req, z.ZodType> ? z.output<Req> : never;
export type ResponseOf<C> = C extends Contract<z.ZodType, infer Res> ? z.output<Res> : never;

export const uuid = z.string().uuid();
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page'),
  // Deep offsets make PostgreSQL walk and discard every row before them; filter instead.
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(0)
    .describe('Items to skip; past 100,000 narrow the filter instead'),
});
/** A whole list, unpaged: `{ items }` (registries an admin sees at once, search results). */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().describe('Items matching the filter, on every page'),
    limit: z.number().int(),
    offset: z.number().int(),
  });
