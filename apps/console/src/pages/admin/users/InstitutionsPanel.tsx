import { App, Button, Popconfirm, Table } from 'antd';
import { api, problemText } from '../../../api/client';
import { Panel } from '../../../components/Panel';
import { INSTITUTION_TYPE_LABELS } from './labels';
import type { Department, Directory, Institution } from './use-directory';
import { StatusBadge } from './StatusBadge';

const DEPARTMENT_KIND_LABELS: Record<string, string> = {
  CLINICAL: '门诊科室',
  WARD: '病区',
  IMAGING_CENTER: '影像诊断中心',
  ECG_CENTER: '心电诊断中心',
  OTHER: '其他',
};

const status = (active: boolean) =>
  active ? (
    <StatusBadge tone="success" text="启用" />
  ) : (
    <StatusBadge tone="default" text="已停用" />
  );

/**
 * The member institutions and their departments. A clinic that closes is disabled, not deleted:
 * its referrals and studies keep their history.
 */
export function InstitutionsPanel({ directory }: { directory: Directory }) {
  const { message } = App.useApp();

  const toggle = async (
    kind: 'institutions' | 'departments',
    id: string,
    name: string,
    active: boolean,
  ) => {
    const verb = active ? 'enable' : 'disable';
    const { error, response } =
      kind === 'institutions'
        ? await api.POST(`/api/v1/admin/institutions/{id}/${verb}`, { params: { path: { id } } })
        : await api.POST(`/api/v1/admin/departments/{id}/${verb}`, { params: { path: { id } } });
    if (response.ok) {
      void message.success(`${name} 已${active ? '启用' : '停用'}`);
      directory.reload();
    } else void message.error(`${name}：${problemText(error)}`);
  };

  const switchButton = (
    kind: 'institutions' | 'departments',
    row: { id: string; name: string; active: boolean },
  ) =>
    row.active ? (
      <Popconfirm
        title={`停用 ${row.name}？`}
        description="停用后不再出现在转诊和申请的选择中，历史记录保留；可随时重新启用。"
        okText="停用"
        cancelText="取消"
        okButtonProps={{ danger: true }}
        onConfirm={() => toggle(kind, row.id, row.name, false)}
      >
        <Button type="link" size="small" danger>
          停用
        </Button>
      </Popconfirm>
    ) : (
      <Button type="link" size="small" onClick={() => void toggle(kind, row.id, row.name, true)}>
        启用
      </Button>
    );

  const departmentsOf = (institution: Institution) =>
    directory.departments.filter((d) => d.institutionId === institution.id);

  return (
    <Panel
      title="机构与科室"
      loading={directory.loading}
      error={directory.error}
      onRetry={directory.reload}
    >
      <Table<Institution>
        rowKey="id"
        size="small"
        dataSource={directory.institutions}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 家机构` }}
        expandable={{
          expandedRowRender: (institution) => (
            <Table<Department>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={departmentsOf(institution)}
              columns={[
                { title: '科室代码', dataIndex: 'code', width: 120 },
                { title: '科室名称', dataIndex: 'name' },
                {
                  title: '类型',
                  dataIndex: 'kind',
                  render: (k: string) => DEPARTMENT_KIND_LABELS[k] ?? k,
                },
                { title: '状态', dataIndex: 'active', width: 90, render: status },
                {
                  title: '操作',
                  key: 'op',
                  width: 90,
                  render: (_, d) => switchButton('departments', d),
                },
              ]}
            />
          ),
          rowExpandable: (institution) => departmentsOf(institution).length > 0,
        }}
        columns={[
          { title: '机构代码', dataIndex: 'code', width: 140 },
          { title: '机构名称', dataIndex: 'name' },
          {
            title: '类型',
            dataIndex: 'type',
            render: (t: string) => INSTITUTION_TYPE_LABELS[t] ?? t,
          },
          {
            title: '上级机构',
            dataIndex: 'parentId',
            render: (id: string | null) => (id ? directory.institutionName(id) : '—'),
          },
          { title: '状态', dataIndex: 'active', width: 90, render: status },
          {
            title: '操作',
            key: 'op',
            width: 90,
            render: (_, i) => (i.type === 'LEAD_HOSPITAL' ? '—' : switchButton('institutions', i)),
          },
        ]}
      />
    </Panel>
  );
}
