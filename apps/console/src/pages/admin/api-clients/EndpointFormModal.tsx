import { useEffect, useState } from 'react';
import { Checkbox, Col, Form, Input, Row } from 'antd';
import { api, type Answer, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { showProblemOnForm } from '../users/form-problem';
import type { ApiClient } from './ClientFormModal';
import { EVENT_LABELS } from './labels';
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
      title={props.endpoint ? '编辑 Webhook 地址' : `为“${props.client.name}”添加 Webhook`}
      okText={props.endpoint ? '保存' : '添加并生成签名密钥'}
      saving={saving}
      onClose={props.onClose}
      form={form}
      onFinish={(v) => void save(v)}
      problem={
        problem ??
        (types.error !== undefined ? `无法读取事件类型：${problemText(types.error)}` : undefined)
      }
      width={720}
    >
      <Form.Item
        name="url"
        label="接收地址（URL）"
        extra="http 或 https；必须解析到公网地址（院内地址需由运维加入 WEBHOOK_ALLOWED_HOSTS）；不跟随重定向。"
        rules={[
          { required: true, message: '请填写接收地址' },
          { type: 'url', message: '请填写完整的 http(s):// 地址' },
        ]}
      >
        <Input placeholder="https://his.example.org/cmc/webhooks" />
      </Form.Item>
      <Form.Item
        name="eventTypes"
        label="订阅的事件"
        extra="转诊事件需要客户端有 referrals:read 权限，其余需要 studies:read。"
        rules={[{ required: true, message: '至少选择一个事件' }]}
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
      <Form.Item name="description" label="说明（可选）" rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
