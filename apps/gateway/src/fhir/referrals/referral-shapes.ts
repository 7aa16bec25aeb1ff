import { z } from 'zod';
import { AppError } from '@app/shared';

/**
 * The parts of ServiceRequest and Task that referral code reads, checked for their JSON types
 * before anything reads them: a client's `fullUrl: 5` or `statusReason: {text: []}` is a 400
 * naming the element, never a TypeError. Other elements pass through untouched.
 */
const str = (max: number) => z.string().max(max);
const reference = z.looseObject({ reference: str(300).optional() });
const concept = z.looseObject({
  coding: z
    .array(z.looseObject({ system: str(300).optional(), code: str(64).optional() }))
    .max(20)
    .optional(),
  text: str(2000).optional(),
});

export const serviceRequestShape = z.looseObject({
  subject: reference.optional(),
  requester: reference.optional(),
  performer: z.array(reference).max(5).optional(),
  category: z.array(concept).max(10).optional(),
  reasonCode: z.array(concept).max(10).optional(),
  priority: str(20).optional(),
  note: z
    .array(z.looseObject({ text: str(20000).optional() }))
    .max(10)
    .optional(),
  extension: z
    .array(z.looseObject({ url: str(300), valueString: str(2000).optional() }))
    .max(10)
    .optional(),
});

export const taskShape = z.looseObject({
  status: str(40).optional(),
  focus: reference.optional(),
  for: reference.optional(),
  owner: reference.optional(),
  requester: reference.optional(),
  reasonCode: concept.optional(),
  statusReason: concept.optional(),
  priority: str(20).optional(),
  input: z
    .array(z.looseObject({ valueReference: reference.optional() }))
    .max(5)
    .optional(),
  output: z
    .array(z.looseObject({ type: concept.optional(), valueString: str(20000).optional() }))
    .max(10)
    .optional(),
});

export const entryShape = z.looseObject({
  fullUrl: str(300).optional(),
  request: z.looseObject({ method: str(10).optional(), url: str(300).optional() }).optional(),
});

/**
 * `value` once `shape` has checked the elements read from it (the rest of the resource's type
 * is the FHIR one the caller names), or a 400 whose issues name the elements under `path`.
 */
export function shaped<T>(shape: z.ZodType, value: unknown, path: string): T {
  const parsed = shape.safeParse(value);
  if (parsed.success) return parsed.data as T;
  const issues = parsed.error.issues.slice(0, 10).map((i) => ({
    path: [path, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw AppError.validation(`${issues[0].path}: ${issues[0].message}`, issues);
}
