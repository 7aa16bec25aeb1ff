import { AutoComplete, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { beijingInstant } from '../indicators/period';
import { auditLabels } from './labels';
import { useLang, useT } from '../i18n';

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
  const t = useT();
  const lang = useLang();
  const { RESOURCE_TYPES } = auditLabels(lang);
  const paren = (a: string, b: string) => (lang === 'zh' ? `${a}（${b}）` : `${a} (${b})`);
  const users = useLoad(() => api.GET('/api/v1/admin/users'), []);
  const clients = useLoad(() => api.GET('/api/v1/api-clients'), []);
  const actors = [
    ...(users.data?.items ?? []).map((u) => ({
      value: u.id,
      label: paren(u.displayName, u.username),
    })),
    ...(clients.data?.items ?? []).map((c) => ({
      value: c.id,
      label: t('apiActor', { name: c.name }),
    })),
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
        <Form.Item name="actorId" label={t('actor')} style={{ marginBottom: 0 }}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('allActors')}
            options={actors}
            style={{ width: 240 }}
            notFoundContent={users.error ? t('usersUnreadable') : undefined}
          />
        </Form.Item>
        <Form.Item
          name="patientId"
          label={t('patientId')}
          style={{ marginBottom: 0 }}
          rules={[{ pattern: UUID, message: t('patientIdRule') }]}
        >
          <Input allowClear placeholder="UUID" style={{ width: 300 }} />
        </Form.Item>
        <Form.Item name="resourceType" label={t('recordType')} style={{ marginBottom: 0 }}>
          <AutoComplete
            allowClear
            placeholder={t('all')}
            style={{ width: 200 }}
            options={Object.entries(RESOURCE_TYPES).map(([value, label]) => ({
              value,
              label: paren(label, value),
            }))}
            showSearch={{
              filterOption: (input, option) =>
                String(option?.label ?? '')
                  .toLowerCase()
                  .includes(input.toLowerCase()),
            }}
          />
        </Form.Item>
        <Form.Item name="range" label={t('rangeBeijing')} style={{ marginBottom: 0 }}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              props.onSearch({});
            }}
          >
            {t('clear')}
          </Button>
        </Space>
      </Space>
    </Form>
  );
}
