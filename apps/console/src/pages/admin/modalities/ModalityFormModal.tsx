import { useEffect, useState } from 'react';
import { Form, Input, Select } from 'antd';
import { api, type Answer } from '../../../api/client';
import { FormModal } from '../../../components/FormModal';
import { showProblemOnForm } from '../users/form-problem';
import type { Directory } from '../users/use-directory';
import { useModalityT } from './i18n';

export type Modality = Answer<'/api/v1/admin/modalities', 'get'>['items'][number];

interface Values {
  institutionId: string;
  aeTitle: string;
  name: string;
  host?: string;
}

/** Registers a modality's AE title for an institution, or edits one (title, name, address). */
export function ModalityFormModal(props: {
  open: boolean;
  modality?: Modality;
  directory: Directory;
  onClose: () => void;
  onSaved: (modality: Modality) => void;
}) {
  const [form] = Form.useForm<Values>();
  const t = useModalityT();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const editing = props.modality !== undefined;

  useEffect(() => {
    if (!props.open) return;
    setProblem(undefined);
    form.resetFields();
    if (props.modality) form.setFieldsValue({ ...props.modality, host: props.modality.host ?? '' });
  }, [props.open, props.modality, form]);

  const save = async (values: Values) => {
    setSaving(true);
    setProblem(undefined);
    const host = values.host?.trim() ? values.host.trim() : null;
    const answer = props.modality
      ? await api.PATCH('/api/v1/admin/modalities/{id}', {
          params: { path: { id: props.modality.id } },
          body: { aeTitle: values.aeTitle, name: values.name, host },
        })
      : await api.POST('/api/v1/admin/modalities', {
          body: {
            institutionId: values.institutionId,
            aeTitle: values.aeTitle,
            name: values.name,
            host,
          },
        });
    setSaving(false);
    if (answer.data) props.onSaved(answer.data);
    else setProblem(showProblemOnForm(form, answer.error));
  };

  return (
    <FormModal
      open={props.open}
      title={editing ? t('editTitle', { ae: props.modality?.aeTitle ?? '' }) : t('add')}
      okText={editing ? t('save') : t('create')}
      saving={saving}
      onClose={props.onClose}
      form={form}
      onFinish={(v) => void save(v)}
      problem={problem}
    >
      <Form.Item
        name="institutionId"
        label={t('institution')}
        rules={[{ required: true, message: t('institutionRequired') }]}
      >
        <Select
          disabled={editing}
          showSearch={{ optionFilterProp: 'label' }}
          options={props.directory.institutionOptions}
        />
      </Form.Item>
      <Form.Item
        name="aeTitle"
        label={t('aeTitle')}
        extra={t('aeTitleExtra')}
        rules={[
          { required: true, message: t('aeTitleRequired') },
          { pattern: /^[\x20-\x5b\x5d-\x7e]{1,16}$/, message: t('aeTitlePattern') },
        ]}
      >
        <Input autoComplete="off" maxLength={16} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('name')}
        rules={[{ required: true, max: 100, message: t('nameRequired') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="host" label={t('host')} extra={t('hostExtra')}>
        <Input autoComplete="off" placeholder="10.20.0.31" />
      </Form.Item>
    </FormModal>
  );
}
