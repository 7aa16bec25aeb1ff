import { Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { api, type Answer } from '../../../api/client';
import type { Directory } from '../users/use-directory';
import { useEditDialog } from '../users/use-edit-dialog';
import { apiLabels, SCOPES } from './labels';
import { useLang } from '../i18n';
import { useApiT } from './i18n';
import { FormModal } from '../../../components/FormModal';

export type ApiClient = Answer<'/api/v1/api-clients', 'get'>['items'][number];
export type CreatedClient = Answer<'/api/v1/api-clients', 'post'>;
type Scope = ApiClient['scopes'][number];

interface Values {
  name: string;
  institutionId: string;
  scopes: Scope[];
  rateLimitPerMinute?: number | null;
}

const clientValues = (client: ApiClient): Partial<Values> => client;

/** Registers an integration engine (its key comes back once) or changes name, scopes, limit. */
export function ClientFormModal(props: {
  open: boolean;
  client?: ApiClient;
  directory: Directory;
  onClose: () => void;
  onCreated: (created: CreatedClient) => void;
  onSaved: (client: ApiClient) => void;
}) {
  const [form] = Form.useForm<Values>();
  const t = useApiT();
  const { SCOPE_LABELS } = apiLabels(useLang());
  const { save, modalProps } = useEditDialog(form, props, props.client, clientValues);
  const editing = props.client !== undefined;

  const send = (v: Values) => {
    const limit = v.rateLimitPerMinute ?? null;
    const { client } = props;
    if (client)
      return save(
        () =>
          api.PATCH('/api/v1/api-clients/{id}', {
            params: { path: { id: client.id } },
            body: { name: v.name, scopes: v.scopes, rateLimitPerMinute: limit },
          }),
        props.onSaved,
      );
    return save(
      () =>
        api.POST('/api/v1/api-clients', {
          body: {
            name: v.name,
            institutionId: v.institutionId,
            scopes: v.scopes,
            ...(limit === null ? {} : { rateLimitPerMinute: limit }),
          },
        }),
      props.onCreated,
    );
  };

  return (
    <FormModal
      {...modalProps}
      title={editing ? t('editClient', { name: props.client?.name ?? '' }) : t('newClientTitle')}
      okText={editing ? t('save') : t('createWithKey')}
      onFinish={(v) => void send(v)}
      initialValues={{ scopes: ['directory:read'] }}
      width={720}
    >
      <Form.Item
        name="name"
        label={t('name')}
        rules={[{ required: true, max: 100, message: t('nameRequired') }]}
      >
        <Input placeholder={t('namePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="institutionId"
        label={t('clientInstitution')}
        rules={[{ required: true, message: t('institutionRequired') }]}
        extra={editing ? t('institutionFixed') : undefined}
      >
        <Select
          disabled={editing}
          showSearch={{ optionFilterProp: 'label' }}
          options={props.directory.institutionOptions}
          placeholder={t('institutionSearch')}
        />
      </Form.Item>
      <Form.Item
        name="scopes"
        label={t('scopesLabel')}
        rules={[{ required: true, message: t('scopesRequired') }]}
      >
        <Checkbox.Group style={{ width: '100%' }}>
          <Row gutter={[8, 4]}>
            {SCOPES.map((s) => (
              <Col key={s} xs={24} md={12}>
                <Checkbox value={s}>
                  <code>{s}</code> {SCOPE_LABELS[s]}
                </Checkbox>
              </Col>
            ))}
          </Row>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item name="rateLimitPerMinute" label={t('rateLimit')} extra={t('rateLimitExtra')}>
        <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 200 }} />
      </Form.Item>
    </FormModal>
  );
}
