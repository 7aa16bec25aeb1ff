import { AutoComplete, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { beijingInstant } from '../indicators/period';
import { RESOURCE_TYPES } from './labels';

export interface AuditFilter {
  actorId?: string;
  patientId?: string;
  resourceType?: string;
  from?: string;
  to?: string;
}

interface Values {
  actorId?: string;
  patientId?: string;
  resourceType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the audit API filters by: who (a user or an API client), which patient, which kind of
 * record, and when (Beijing time). The API has no filter by action; the column shows it.
 */
export function AuditFilters(props: { onSearch: (filter: AuditFilter) => void }) {
  const [form] = Form.useForm<Values>();
  const users = useLoad(() => api.GET('/api/v1/admin/users'), []);
  const clients = useLoad(() => api.GET('/api/v1/api-clients'), []);
  const actors = [
    ...(users.data?.items ?? []).map((u) => ({
      value: u.id,
      label: `${u.displayName}（${u.username}）`,
    })),
    ...(clients.data?.items ?? []).map((c) => ({ value: c.id, label: `接口：${c.name}` })),
  ];

  const submit = (v: Values) => {
    const [start, end] = v.range ?? [];
    props.onSearch({
      actorId: v.actorId || undefined,
      patientId: v.patientId?.trim() || undefined,
      resourceType: v.resourceType?.trim() || undefined,
      from: start ? beijingInstant(start) : undefined,
      to: end ? beijingInstant(end) : undefined,
    });
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit}>
      <Space wrap align="end" size="middle">
        <Form.Item name="actorId" label="操作者" style={{ marginBottom: 0 }}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部用户与接口"
            options={actors}
            style={{ width: 240 }}
            notFoundContent={users.error ? '无法读取用户列表' : undefined}
          />
        </Form.Item>
        <Form.Item
          name="patientId"
          label="患者 ID"
          style={{ marginBottom: 0 }}
          rules={[{ pattern: UUID, message: '患者 ID 是 UUID（在患者或检查详情中可见）' }]}
        >
          <Input allowClear placeholder="UUID" style={{ width: 300 }} />
        </Form.Item>
        <Form.Item name="resourceType" label="记录类型" style={{ marginBottom: 0 }}>
          <AutoComplete
            allowClear
            placeholder="全部"
            style={{ width: 200 }}
            options={Object.entries(RESOURCE_TYPES).map(([value, label]) => ({
              value,
              label: `${label}（${value}）`,
            }))}
            showSearch={{
              filterOption: (input, option) =>
                String(option?.label ?? '')
                  .toLowerCase()
                  .includes(input.toLowerCase()),
            }}
          />
        </Form.Item>
        <Form.Item name="range" label="时间范围（北京时间）" style={{ marginBottom: 0 }}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              props.onSearch({});
            }}
          >
            清空
          </Button>
        </Space>
      </Space>
    </Form>
  );
}
