import { AppError } from '@app/shared';
import { isUuid } from './fhir-search';

/**
 * The id in a literal reference of the given type (`Patient/<uuid>`), or a 400 naming the
 * element: references to anything else cannot be ours.
 */
export function referencedId(
  ref: { reference?: string } | undefined,
  type: string,
  path: string,
): string {
  const value = ref?.reference;
  if (typeof value !== 'string')
    throw AppError.validation(`${path} must be a reference to ${type}`, [
      { path, message: `expected ${type}/<id>` },
    ]);
  const [t, id, ...rest] = value.split('/');
  if (t !== type || !id || rest.length || !isUuid(id))
    throw AppError.validation(`${path} must reference ${type}/<id>`, [
      { path, message: `${value.slice(0, 80)} is not a ${type} of this server` },
    ]);
  return id;
}

/** A search value naming a resource: `Type/<id>` or `<id>`. */
export function searchedId(value: string | undefined, type: string, param: string) {
  if (value === undefined) return undefined;
  const id = value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
  if (!isUuid(id)) throw AppError.validation(`${param} must be ${type}/<id> or <id>`);
  return id;
}
