import { useEffect, useState } from 'react';
import { Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { api, type Answer } from '../../../api/client';
import { showProblemOnForm } from '../users/form-problem';
import type { Directory } from '../users/use-directory';
import { SCOPE_LABELS, SCOPES } from './labels';
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
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const editing = props.client !== undefined;

  useEffect(() => {
    if (!props.open) return;
    setProblem(undefined);
    form.resetFields();
    if (props.client) form.setFieldsValue(props.client);
  }, [props.open, props.client, form]);

  const save = async (v: Values) => {
    setSaving(true);
    setProblem(undefined);
    const limit = v.rateLimitPerMinute ?? null;
    if (props.client) {
      const { data, error } = await api.PATCH('/api/v1/api-clients/{id}', {
        params: { path: { id: props.client.id } },
        body: { name: v.name, scopes: v.scopes, rateLimitPerMinute: limit },
      });
      setSaving(false);
      if (data) props.onSaved(data);
      else setProblem(showProblemOnForm(form, error));
      return;
    }
    const { data, error } = await api.POST('/api/v1/api-clients', {
      body: {
        name: v.name,
        institutionId: v.institutionId,
        scopes: v.scopes,
        ...(limit === null ? {} : { rateLimitPerMinute: limit }),
      },
    });
    setSaving(false);
    if (data) props.onCreated(data);
    else setProblem(showProblemOnForm(form, error));
  };

  return (
    <FormModal
      open={props.open}
      title={editing ? `编辑接口客户端：${props.client?.name}` : '新建接口客户端'}
      okText={editing ? '保存' : '创建并生成密钥'}
      saving={saving}
      onClose={props.onClose}
      form={form}
      onFinish={(v) => void save(v)}
      problem={problem}
      initialValues={{ scopes: ['directory:read'] }}
      width={720}
    >
      <Form.Item
        name="name"
        label="名称"
        rules={[{ required: true, max: 100, message: '请填写名称（最多 100 字）' }]}
      >
        <Input placeholder="例如：屏锦中心卫生院 HIS" />
      </Form.Item>
      <Form.Item
        name="institutionId"
        label="所属机构（客户端代表该机构调用接口）"
        rules={[{ required: true, message: '请选择机构' }]}
        extra={editing ? '创建后不能更改机构；需要时新建一个客户端。' : undefined}
      >
        <Select
          disabled={editing}
          showSearch={{ optionFilterProp: 'label' }}
          options={props.directory.institutionOptions}
          placeholder="输入机构名称搜索"
        />
      </Form.Item>
      <Form.Item
        name="scopes"
        label="权限范围（只授予对接所需的最少权限）"
        rules={[{ required: true, message: '至少选择一项权限' }]}
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
      <Form.Item name="rateLimitPerMinute" label="每分钟请求上限" extra="留空则使用平台的全局上限">
        <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 200 }} />
      </Form.Item>
    </FormModal>
  );
}
