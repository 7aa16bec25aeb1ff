import { applyDecorators, HttpCode } from '@nestjs/common';
import {
  ApiBody,
  ApiExtension,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
} from '@nestjs/swagger';
import { z } from 'zod';
import { Access, AccessRule } from '../auth/access.decorator';
import { openApiSchema } from './zod.pipe';

export const PROBLEM_REF = '#/components/schemas/Problem';

/** Statuses every authenticated operation can answer, whatever it does. */
const ALWAYS = [400, 401, 403, 429, 503] as const;
const MEANING: Record<number, string> = {
  400: 'The request is invalid; `errors` names the fields',
  401: 'No valid bearer token or API key',
  403: 'The caller’s role, scope or institution may not do this',
  404: 'Not found, or not visible to the caller’s community or institution',
  409: 'Not allowed in the current state (or a concurrent change won)',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Refused by a rule (quota) or an Idempotency-Key reused with another body',
  429: 'Too many requests or failed sign-ins; see Retry-After',
  503: 'A service is not running or did not answer in time',
  507: 'Not enough free storage for the upload',
};

export interface OperationSpec {
  /** The operationId a generated client names its method by (acceptReferral, signReport…). */
  id: string;
  summary: string;
  description?: string;
  access: AccessRule;
  /** The JSON body, exactly the schema the route validates. */
  body?: z.ZodType;
  /** Query parameters: each property of this object schema becomes one parameter. */
  query?: z.ZodType;
  /** Path parameters that are UUIDs. */
  uuidParams?: string[];
  response?: z.ZodType;
  status?: 200 | 201 | 202;
  /** Statuses beyond those every operation has (400, 401, 403, 429, 503). */
  errors?: (404 | 409 | 413 | 415 | 422 | 507)[];
  produces?: string;
}

function whoMay(access: AccessRule): string {
  const users = access.roles?.length ? `roles ${access.roles.join(', ')}` : 'any signed-in user';
  const clients = access.anyApiClient
    ? 'any API client'
    : access.scope
      ? `API clients with scope \`${access.scope}\``
      : 'no API client';
  return `Who: ${users}; ${clients}.`;
}

/** Query parameters from a zod object schema, as OpenAPI parameter objects. */
function queryParameters(schema: z.ZodType) {
  const json = openApiSchema(schema) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) =>
    ApiQuery({
      name,
      required: json.required?.includes(name) ?? false,
      schema: property,
      description: property.description as string | undefined,
    }),
  );
}

/**
 * One documented operation: the access rule it enforces, its operationId, body, query and
 * response schemas (from the same zod schemas the route validates with), and the problem+json
 * answers it can give. A client generated from /api/docs-json sees every step by name.
 */
export function Operation(spec: OperationSpec) {
  const status = spec.status ?? 200;
  const errors = [...ALWAYS, ...(spec.errors ?? [])].sort();
  return applyDecorators(
    Access(spec.access),
    HttpCode(status),
    ApiOperation({
      operationId: spec.id,
      summary: spec.summary,
      description: [spec.description, whoMay(spec.access)].filter(Boolean).join('\n\n'),
    }),
    ApiExtension('x-roles', spec.access.roles ?? []),
    ApiExtension('x-api-client-scope', spec.access.scope ?? null),
    ...(spec.body ? [ApiBody({ required: true, schema: openApiSchema(spec.body) })] : []),
    ...(spec.query ? queryParameters(spec.query) : []),
    ...(spec.uuidParams ?? []).map((name) =>
      ApiParam({ name, schema: { type: 'string', format: 'uuid' } }),
    ),
    ...(spec.produces ? [ApiProduces(spec.produces)] : []),
    ApiResponse({
      status,
      description: 'Done',
      ...(spec.response ? { schema: openApiSchema(spec.response, 'output') } : {}),
    }),
    ...errors.map((code) =>
      ApiResponse({
        status: code,
        description: MEANING[code],
        content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
      }),
    ),
  );
}

/** The problem+json document every error is, for components.schemas.Problem. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    correlationId: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};
