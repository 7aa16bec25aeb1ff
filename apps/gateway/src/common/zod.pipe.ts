import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { AppError, findUnsafeText, UNSAFE_TEXT_MESSAGE, zodToAppError } from '@app/shared';

/**
 * Validates a body, query or param against the contract's schema; 400 problem+json on failure.
 * Every string in the input is checked first (no NUL, no control characters), whatever the
 * schema calls it, so text PostgreSQL would refuse never gets as far as a query.
 */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(
    private readonly schema: T,
    private readonly what = 'request',
  ) {}
  transform(value: unknown): z.output<T> {
    const unsafe = findUnsafeText(value);
    if (unsafe !== undefined)
      throw AppError.validation(`Invalid ${this.what}: ${unsafe}: ${UNSAFE_TEXT_MESSAGE}`, [
        { path: unsafe, message: UNSAFE_TEXT_MESSAGE },
      ]);
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw zodToAppError(parsed.error, this.what);
    return parsed.data;
  }
}

/** JSON Schema for OpenAPI from the same zod schema the pipe enforces. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return toOpenApi30(json) as Record<string, unknown>;
}

/** OpenAPI 3.0 has no `const`; zod still emits it inside unions, so rewrite it as a one-value enum. */
function toOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi30);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'const') out.enum = [value];
    else out[key] = toOpenApi30(value);
  }
  return out;
}
