import { useEffect, useState } from 'react';
import type { FormInstance } from 'antd';
import { showProblemOnForm } from './form-problem';

/**
 * What the admin create-or-edit dialogs do around their one request: a fresh form each time the
 * dialog opens (filled from the record being edited), OK busy while the request runs, and the
 * API's refusal put under the fields it names and in the banner. `dialog` is the dialog's own
 * props (whether it is open, how it closes).
 *
 * `fill` turns the record into form values; keep it a module-level function, because the form
 * is refilled whenever it changes identity, as it is when the dialog opens or the record changes.
 */
export function useEditDialog<V, R>(
  form: FormInstance<V>,
  dialog: { open: boolean; onClose: () => void },
  record: R | undefined,
  fill: (record: R) => Partial<V>,
) {
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const { open } = dialog;

  useEffect(() => {
    if (!open) return;
    setProblem(undefined);
    form.resetFields();
    if (record) form.setFieldsValue(fill(record));
  }, [open, record, form, fill]);

  /** Sends the create or the update; `onSaved` gets what the API answered. */
  async function save<D>(
    request: () => Promise<{ data?: D; error?: unknown }>,
    onSaved: (data: D) => void,
  ) {
    setSaving(true);
    setProblem(undefined);
    const answer = await request();
    setSaving(false);
    if (answer.data) onSaved(answer.data);
    else setProblem(showProblemOnForm(form, answer.error));
  }

  /** What the dialog's FormModal takes from here: `<FormModal {...modalProps} …>`. */
  const modalProps = { open, onClose: dialog.onClose, form, saving, problem };
  return { save, modalProps };
}
