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
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { Access, AccessRule } from '../auth/access.decorator';
import { problemAnswer, problemResponse, problemSchemas } from './problem-answers';
import { openApiSchema } from './zod.pipe';

/** Statuses every authenticated operation can answer, whatever it does. */
const ALWAYS = [400, 401, 403, 429, 431, 500, 503] as const;
/** Statuses every operation with a JSON body can answer on top (size, content type, quota or key reuse). */
const WITH_BODY = [413, 415, 422] as const;

/** Problem statuses an operation may add to those (its own 404, 409…). */
export type ErrorStatus = 404 | 406 | 409 | 413 | 415 | 422 | 507;

/** A further success answer of the same operation (an existing record: 200; a partial batch: 202). */
export interface AlsoAnswers {
  status: 200 | 201 | 202;
  description: string;
  response?: z.ZodType;
}

export interface OperationSpec {
  /** The operationId a generated client names its method by (acceptReferral, signReport…). */
  id: string;
  summary: string;
  description?: string;
  access: AccessRule;
  /** The JSON body, exactly the schema the route validates. */
  body?: z.ZodType;
  /** A streamed non-JSON body instead: its media types (application/dicom, multipart/related…). */
  binaryBody?: { types: string[]; description: string };
  /** Query parameters: each property of this object schema becomes one parameter. */
  query?: z.ZodType;
  /** Path parameters that are UUIDs. */
  uuidParams?: string[];
  /** What the success status answers (application/json): the contract the reply is checked by. */
  response?: z.ZodType;
  status?: 200 | 201 | 202;
  /** Other success statuses the operation answers, each with its schema. */
  also?: AlsoAnswers[];
  /** Statuses beyond those every operation has (400, 401, 403, 429, 431, 500, 503; 413, 415, 422 with a body). */
  errors?: ErrorStatus[];
  /** A media type other than JSON (image/svg+xml, text/event-stream): its body is text. */
  produces?: string;
}

/**
 * Security requirements per operationId, applied to the finished document by `finishDocument`:
 * class-level ApiBearerAuth/ApiSecurity would be merged into every method, and an operation that
 * refuses API clients must not list the API key.
 */
const SECURITY = new Map<string, Record<string, string[]>[]>();
/** Non-JSON request bodies per operationId, for `finishDocument`. */
const BINARY_BODIES = new Map<string, { types: string[]; description: string }>();

function securityOf(access: AccessRule): Record<string, string[]>[] {
  const apiKey = access.anyApiClient || access.scope ? [{ apiKey: [] }] : [];
  return [{ bearer: [] }, ...apiKey];
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

function successResponse(
  status: number,
  description: string,
  spec: OperationSpec,
  schema?: z.ZodType,
) {
  if (spec.produces && !schema)
    return ApiResponse({
      status,
      description,
      content: { [spec.produces]: { schema: { type: 'string' } } },
    });
  return ApiResponse({
    status,
    description,
    ...(schema ? { schema: openApiSchema(schema, 'output') } : {}),
  });
}

/**
 * One documented operation: the access rule it enforces, its operationId, body, query and
 * response schemas (from the same zod schemas the route validates with), its security and the
 * problem+json answers it can give. A client generated from /api/docs-json sees every step by name.
 */
export function Operation(spec: OperationSpec) {
  const status = spec.status ?? 200;
  const errors = [...new Set([...ALWAYS, ...(spec.body ? WITH_BODY : []), ...(spec.errors ?? [])])];
  SECURITY.set(spec.id, securityOf(spec.access));
  if (spec.binaryBody) BINARY_BODIES.set(spec.id, spec.binaryBody);
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
    successResponse(status, 'Done', spec, spec.response),
    ...(spec.also ?? []).map((a) => successResponse(a.status, a.description, spec, a.response)),
    ...errors.sort((a, b) => a - b).map((code) => problemResponse(code)),
  );
}

/**
 * An operation anyone may call (health, sign-in): no security requirement, responses as given.
 * Access stays the route's own `@Public()`.
 */
export function PublicOperation(spec: {
  id: string;
  summary: string;
  description?: string;
  body?: z.ZodType;
  response: z.ZodType;
  status?: 200;
  /** Problem answers; health's 503 is not a problem but the same report, so it goes in `also`. */
  errors?: number[];
  also?: { status: number; description: string; response: z.ZodType }[];
}) {
  SECURITY.set(spec.id, []);
  return applyDecorators(
    ApiOperation({ operationId: spec.id, summary: spec.summary, description: spec.description }),
    ...(spec.body ? [ApiBody({ required: true, schema: openApiSchema(spec.body) })] : []),
    ApiResponse({
      status: spec.status ?? 200,
      description: 'Done',
      schema: openApiSchema(spec.response, 'output'),
    }),
    ...(spec.also ?? []).map((a) =>
      ApiResponse({
        status: a.status,
        description: a.description,
        schema: openApiSchema(a.response, 'output'),
      }),
    ),
    ...(spec.errors ?? []).map((code) => problemResponse(code)),
  );
}

type DocOperation = Record<string, unknown> & {
  operationId?: string;
  parameters?: Record<string, unknown>[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, unknown> };
  responses?: Record<string, unknown>;
};

/** The header the idempotency interceptor reads on a POST with a JSON body (edge/idempotency). */
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Send the same key with the same body to retry safely: the first answer is replayed (with Idempotent-Replayed: true). The same key with another body is 422; a retry while the first is still running is 409.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
};

/**
 * The last touches on the generated document: each operation's own security (public ones
 * none), the Problem schema, and the security schemes named as operations use them.
 */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  for (const methods of Object.values(document.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, DocOperation>)) {
      if (!op || typeof op !== 'object' || !op.operationId) continue;
      const security = SECURITY.get(op.operationId);
      if (security) op.security = security;
      const binary = BINARY_BODIES.get(op.operationId);
      if (binary)
        op.requestBody = {
          required: true,
          description: binary.description,
          content: Object.fromEntries(
            binary.types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
          ),
        };
      const idempotent =
        method === 'post' && security?.length && op.requestBody?.content?.['application/json'];
      if (idempotent) {
        op.parameters = [...(op.parameters ?? []), IDEMPOTENCY_KEY];
        op.responses = { '409': problemAnswer(409), ...op.responses };
      }
    }
  }
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...problemSchemas(),
    },
  };
  return document;
}
