import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { zodToAppError } from '@app/shared';

/** Validates a body, query or param against the contract's schema; 400 problem+json on failure. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(
    private readonly schema: T,
    private readonly what = 'request',
  ) {}
  transform(value: unknown): z.output<T> {
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
