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
  transform(raw: unknown): z.output<T> {
    // No body at all reads as an empty one, so the answer names the missing fields.
    const value = raw === undefined && this.what === 'request' ? {} : raw;
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

/**
 * JSON Schema for OpenAPI from the same zod schema the pipe enforces: what a caller may send
 * (`input`, defaults optional) or what the route answers (`output`).
 */
export function openApiSchema(
  schema: z.ZodType,
  io: 'input' | 'output' = 'input',
): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete json.$schema;
  return nullableEnums(json) as Record<string, unknown>;
}

/**
 * OpenAPI 3.0.3: `nullable` does not widen an `enum`, so a nullable enum must list null itself
 * (z.enum([...]).nullable() comes out without it, and validators then refuse a real null).
 */
function nullableEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableEnums);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, nullableEnums(v)]),
  ) as Record<string, unknown>;
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
  return out;
}
