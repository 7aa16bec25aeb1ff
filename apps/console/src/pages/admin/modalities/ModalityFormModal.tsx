import { Form, Input, Select } from 'antd';
import { api, type Answer } from '../../../api/client';
import { FormModal } from '../../../components/FormModal';
import type { Directory } from '../users/use-directory';
import { useEditDialog } from '../users/use-edit-dialog';
import { useModalityT } from './i18n';

export type Modality = Answer<'/api/v1/admin/modalities', 'get'>['items'][number];

interface Values {
  institutionId: string;
  aeTitle: string;
  name: string;
  host?: string;
}

/** An edited modality's values; no address shows as an empty field. */
const modalityValues = (m: Modality): Values => ({ ...m, host: m.host ?? '' });

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
  const { save, modalProps } = useEditDialog(form, props, props.modality, modalityValues);
  const editing = props.modality !== undefined;

  const send = (values: Values) => {
    const host = values.host?.trim() ? values.host.trim() : null;
    return save(
      () =>
        props.modality
          ? api.PATCH('/api/v1/admin/modalities/{id}', {
              params: { path: { id: props.modality.id } },
              body: { aeTitle: values.aeTitle, name: values.name, host },
            })
          : api.POST('/api/v1/admin/modalities', {
              body: {
                institutionId: values.institutionId,
                aeTitle: values.aeTitle,
                name: values.name,
                host,
              },
            }),
      props.onSaved,
    );
  };

  return (
    <FormModal
      {...modalProps}
      title={editing ? t('editTitle', { ae: props.modality?.aeTitle ?? '' }) : t('add')}
      okText={editing ? t('save') : t('create')}
      onFinish={(v) => void send(v)}
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
