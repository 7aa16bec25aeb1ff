import { ApiResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ErrorCode, httpStatusFor } from '@app/shared';

/**
 * The problem+json answers of the documented operations (see operation.ts): one component per
 * status that some operation answers, narrowed to the codes that status carries, so a generated
 * client can switch on `code` knowing which ones can come.
 */

type ComponentSchemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

export const PROBLEM_REF = '#/components/schemas/Problem';

/** The description of each problem status, the same for every operation. */
const MEANING: Record<number, string> = {
  400: 'The request is invalid; `errors` names the fields',
  401: 'No valid bearer token or API key (WWW-Authenticate says why)',
  403: 'The caller’s role, scope or institution may not do this',
  404: 'Not found, or not visible to the caller’s community or institution',
  406: 'Nothing the Accept header allows can be produced',
  409: 'Not allowed in the current state (or a concurrent change won)',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Refused by a rule (quota) or an Idempotency-Key reused with another body',
  429: 'Too many requests or failed sign-ins; see Retry-After',
  431: 'Request headers too large',
  500: 'An unexpected error; the correlationId finds it in the logs',
  503: 'A service is not running or did not answer in time',
  507: 'Not enough free storage for the upload',
};

/** The codes a problem with this status can carry: the inverse of `httpStatusFor`. */
export function codesFor(status: number): ErrorCode[] {
  return Object.values(ErrorCode).filter((code) => httpStatusFor(code) === status);
}

/** Problem, narrowed to one status and its codes: components.schemas.Problem<status>. */
function problemOf(status: number) {
  return {
    allOf: [
      { $ref: PROBLEM_REF },
      {
        type: 'object',
        properties: {
          status: { type: 'integer', enum: [status] },
          code: { type: 'string', enum: codesFor(status) },
        },
      },
    ],
  };
}

/** Statuses some operation answers with a problem, for their components. */
const PROBLEM_STATUSES = new Set<number>();

/** A problem+json answer of one status. */
export function problemAnswer(status: number, description = MEANING[status]) {
  PROBLEM_STATUSES.add(status);
  return {
    description,
    content: {
      'application/problem+json': { schema: { $ref: `${PROBLEM_REF}${status}` } },
    },
  };
}

export function problemResponse(status: number) {
  return ApiResponse({ status, ...problemAnswer(status) });
}

/** The problem+json document every error is, for components.schemas.Problem. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description:
    'RFC 9457 problem details. `code` is the stable machine-readable reason; `status` is always the HTTP status that `code` maps to.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'A URI naming the code' },
    title: { type: 'string', description: 'A short summary of the code' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What went wrong with this request' },
    code: { type: 'string', enum: Object.values(ErrorCode) },
    correlationId: {
      type: 'string',
      description: 'Echoes X-Correlation-Id; quote it when asking for help',
    },
    instance: { type: 'string', description: 'The path of the request' },
    errors: {
      type: 'array',
      description: 'One entry per invalid field (400)',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  example: {
    type: 'https://errors.cmc.example/not-found',
    title: 'Not found',
    status: 404,
    detail: 'Referral not found',
    code: 'NOT_FOUND',
    correlationId: '3f2c1a9e-7b4d-4c1e-9a53-2f1b0c8d6e71',
    instance: '/api/v1/referrals/5b0f8a52-0c1e-4f6a-9d1b-3c2e4f5a6b7c',
  },
};

/** components.schemas: Problem, and Problem<status> for each status some operation answers. */
export function problemSchemas(): ComponentSchemas {
  return {
    Problem: PROBLEM_SCHEMA,
    ...Object.fromEntries(
      [...PROBLEM_STATUSES]
        .sort((a, b) => a - b)
        .map((status) => [`Problem${status}`, problemOf(status)]),
    ),
  };
}
