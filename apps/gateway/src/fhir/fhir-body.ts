import type { Request } from 'express';
import { AppError, ErrorCode } from '@app/shared';

const FHIR_JSON = /^application\/(fhir\+)?json\s*(;|$)/i;
const JSON_PATCH = /^application\/json-patch\+json\s*(;|$)/i;

/**
 * The resource a create or update sends: application/fhir+json (or plain JSON, which engines
 * also send). Anything else is 415 before the body is looked at, so nothing is written.
 */
export function fhirBody(req: Request): unknown {
  if (!FHIR_JSON.test(req.header('content-type') ?? ''))
    throw new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'Send the resource as Content-Type: application/fhir+json',
    );
  if (req.body === undefined || req.body === null || typeof req.body !== 'object')
    throw AppError.validation('The request has no JSON resource');
  return req.body;
}

/** At most this many operations in one JSON Patch: a patch is a status change, not a rewrite. */
export const MAX_PATCH_OPERATIONS = 20;

/** A JSON Patch (RFC 6902) document, as FHIR R4 PATCH takes it. */
export function jsonPatchBody(req: Request): unknown[] {
  if (!JSON_PATCH.test(req.header('content-type') ?? ''))
    throw new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'PATCH takes a JSON Patch: Content-Type: application/json-patch+json',
    );
  const ops: unknown = req.body;
  if (!Array.isArray(ops) || ops.length === 0 || ops.length > MAX_PATCH_OPERATIONS)
    throw AppError.validation(
      `A JSON Patch is an array of 1 to ${MAX_PATCH_OPERATIONS} operations`,
    );
  return ops;
}
