import { Checkbox, Col, Form, Input, Row } from 'antd';
import { api, type Answer, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { useEditDialog } from '../users/use-edit-dialog';
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

/** An edited endpoint's values; no description shows as an empty field. */
const endpointValues = (e: Endpoint): Values => ({ ...e, description: e.description ?? '' });

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
  const { save, modalProps } = useEditDialog(form, props, props.endpoint, endpointValues);
  const types = useLoad(() => api.GET('/api/v1/webhooks/event-types'), []);

  const send = (v: Values) => {
    const body = {
      url: v.url.trim(),
      eventTypes: v.eventTypes,
      description: v.description || undefined,
    };
    const { endpoint } = props;
    if (endpoint)
      return save(
        () =>
          api.PATCH('/api/v1/webhooks/endpoints/{id}', {
            params: { path: { id: endpoint.id } },
            body,
          }),
        () => props.onSaved(),
      );
    return save(
      () =>
        api.POST('/api/v1/webhooks/endpoints', { body: { ...body, clientId: props.client.id } }),
      props.onCreated,
    );
  };

  return (
    <FormModal
      {...modalProps}
      title={
        props.endpoint ? tr('editEndpoint') : tr('addEndpointFor', { name: props.client.name })
      }
      okText={props.endpoint ? tr('save') : tr('addWithSecret')}
      onFinish={(v) => void send(v)}
      problem={
        modalProps.problem ??
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
