import type { FormInstance } from 'antd';

interface FieldProblem {
  path?: string;
  message?: string;
}

/**
 * Puts a problem+json's field errors (`errors[].path`) on the form fields they name, so the
 * coordinator sees the message under the field itself (e.g. residentId: 校验位错误). `aliases`
 * maps an API path to a field of this form (hold.slotId → place). Answers whether any landed.
 */
export function showFieldErrors(
  form: FormInstance,
  error: unknown,
  aliases: Record<string, string> = {},
): boolean {
  const errors = ((error as { errors?: FieldProblem[] } | undefined)?.errors ?? []).filter(
    (e) => e.path,
  );
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = errors
    .map((e) => ({
      // diagnoses.1 → the field of the whole list, when the form has one for it
      name: aliases[e.path!] ?? aliases[e.path!.split('.')[0]] ?? e.path!,
      errors: [e.message ?? '无效'],
    }))
    .filter((f) => known.has(f.name) || Object.values(aliases).includes(f.name));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
