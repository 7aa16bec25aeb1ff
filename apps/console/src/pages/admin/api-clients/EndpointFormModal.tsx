import { useEffect, useState } from 'react';
import { Checkbox, Col, Form, Input, Row } from 'antd';
import { api, type Answer, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { showProblemOnForm } from '../users/form-problem';
import type { ApiClient } from './ClientFormModal';
import { apiLabels } from './labels';
import { useLang } from '../i18n';
import { useApiT } from './i18n';
import { FormModal } from '../../../components/FormModal';

export type Endpoint = Answer<'/api/v1/webhooks/endpoints', 'get'>['items'][number];
export type CreatedEndpoint = Answer<'/api/v1/webhooks/endpoints', 'post'>;
type EventType = Endpoint['eventTypes'][number];

interface Values {
  url: string;
  eventTypes: EventType[];
  description?: string;
}

/** Registers a webhook endpoint for a client (its signing secret comes back once) or edits one. */
export function EndpointFormModal(props: {
  open: boolean;
  client: ApiClient;
  endpoint?: Endpoint;
  onClose: () => void;
  onCreated: (created: CreatedEndpoint) => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const tr = useApiT();
  const { EVENT_LABELS } = apiLabels(useLang());
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const types = useLoad(() => api.GET('/api/v1/webhooks/event-types'), []);

  useEffect(() => {
    if (!props.open) return;
    setProblem(undefined);
    form.resetFields();
    if (props.endpoint)
      form.setFieldsValue({ ...props.endpoint, description: props.endpoint.description ?? '' });
  }, [props.open, props.endpoint, form]);

  const save = async (v: Values) => {
    setSaving(true);
    setProblem(undefined);
    const body = {
      url: v.url.trim(),
      eventTypes: v.eventTypes,
      description: v.description || undefined,
    };
    if (props.endpoint) {
      const { data, error } = await api.PATCH('/api/v1/webhooks/endpoints/{id}', {
        params: { path: { id: props.endpoint.id } },
        body,
      });
      setSaving(false);
      if (data) props.onSaved();
      else setProblem(showProblemOnForm(form, error));
      return;
    }
    const { data, error } = await api.POST('/api/v1/webhooks/endpoints', {
      body: { ...body, clientId: props.client.id },
    });
    setSaving(false);
    if (data) props.onCreated(data);
    else setProblem(showProblemOnForm(form, error));
  };

  return (
    <FormModal
      open={props.open}
      title={
        props.endpoint ? tr('editEndpoint') : tr('addEndpointFor', { name: props.client.name })
      }
      okText={props.endpoint ? tr('save') : tr('addWithSecret')}
      saving={saving}
      onClose={props.onClose}
      form={form}
      onFinish={(v) => void save(v)}
      problem={
        problem ??
        (types.error !== undefined
          ? tr('eventTypesUnreadable', { problem: problemText(types.error) })
          : undefined)
      }
      width={720}
    >
      <Form.Item
        name="url"
        label={tr('receiverUrlLabel')}
        extra={tr('receiverUrlExtra')}
        rules={[
          { required: true, message: tr('urlRequired') },
          { type: 'url', message: tr('urlInvalid') },
        ]}
      >
        <Input placeholder="https://his.example.org/cmc/webhooks" />
      </Form.Item>
      <Form.Item
        name="eventTypes"
        label={tr('subscribedEvents')}
        extra={tr('eventsExtra')}
        rules={[{ required: true, message: tr('eventsRequired') }]}
      >
        <Checkbox.Group style={{ width: '100%' }}>
          <Row gutter={[8, 4]}>
            {(types.data?.items ?? []).map((t) => (
              <Col key={t} xs={24} md={12}>
                <Checkbox value={t}>
                  <code>{t}</code> {EVENT_LABELS[t] ?? ''}
                </Checkbox>
              </Col>
            ))}
          </Row>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item name="description" label={tr('descriptionOptional')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
