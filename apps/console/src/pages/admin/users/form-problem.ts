import type { FormInstance } from 'antd';
import { problemText } from '../../../api/client';

/**
 * Puts a problem+json's field errors under the form fields they name (e.g. `password`), so the
 * person sees what to fix where they type it, and returns the whole sentence for the banner.
 */
export function showProblemOnForm(form: FormInstance, error: unknown): string {
  const errors = (error as { errors?: { path?: string; message?: string }[] } | null)?.errors ?? [];
  const byField = new Map<string, string[]>();
  for (const e of errors) {
    if (!e.path) continue;
    // "centerIds.0" → the centerIds field.
    const field = e.path.split('.')[0];
    byField.set(field, [...(byField.get(field) ?? []), e.message ?? '']);
  }
  // Every registered field, filled or not; a path the form has no field for stays in the banner.
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  form.setFields(
    [...byField.entries()]
      .filter(([field]) => known.has(field))
      .map(([name, messages]) => ({ name, errors: messages })),
  );
  return problemText(error);
}
