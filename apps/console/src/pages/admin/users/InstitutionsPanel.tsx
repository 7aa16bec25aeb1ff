import { App, Button, Popconfirm, Table } from 'antd';
import { api, problemText } from '../../../api/client';
import { Panel } from '../../../components/Panel';
import { userLabels } from './labels';
import { useLang, useT } from '../i18n';
import type { Department, Directory, Institution } from './use-directory';
import { StatusBadge } from './StatusBadge';

/**
 * The member institutions and their departments. A clinic that closes is disabled, not deleted:
 * its referrals and studies keep their history.
 */
export function InstitutionsPanel({ directory }: { directory: Directory }) {
  const { message } = App.useApp();
  const t = useT();
  const { INSTITUTION_TYPE_LABELS, DEPARTMENT_KIND_LABELS } = userLabels(useLang());
  const status = (active: boolean) =>
    active ? (
      <StatusBadge tone="success" text={t('enabled')} />
    ) : (
      <StatusBadge tone="default" text={t('disabled')} />
    );

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
      void message.success(t(active ? 'nameEnabled' : 'nameDisabled', { name }));
      directory.reload();
    } else void message.error(t('nameProblem', { name, problem: problemText(error) }));
  };

  const switchButton = (
    kind: 'institutions' | 'departments',
    row: { id: string; name: string; active: boolean },
  ) =>
    row.active ? (
      <Popconfirm
        title={t('disableWho', { name: row.name })}
        description={t('disableInstitutionNote')}
        okText={t('disable')}
        cancelText={t('cancel')}
        okButtonProps={{ danger: true }}
        onConfirm={() => toggle(kind, row.id, row.name, false)}
      >
        <Button type="link" size="small" danger>
          {t('disable')}
        </Button>
      </Popconfirm>
    ) : (
      <Button type="link" size="small" onClick={() => void toggle(kind, row.id, row.name, true)}>
        {t('enable')}
      </Button>
    );

  const departmentsOf = (institution: Institution) =>
    directory.departments.filter((d) => d.institutionId === institution.id);

  return (
    <Panel
      title={t('institutionsPanel')}
      loading={directory.loading}
      error={directory.error}
      onRetry={directory.reload}
    >
      <Table<Institution>
        rowKey="id"
        size="small"
        dataSource={directory.institutions}
        pagination={{ pageSize: 20, showTotal: (n) => t('institutionsTotal', { n }) }}
        expandable={{
          expandedRowRender: (institution) => (
            <Table<Department>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={departmentsOf(institution)}
              columns={[
                { title: t('deptCode'), dataIndex: 'code', width: 120 },
                { title: t('deptName'), dataIndex: 'name' },
                {
                  title: t('type'),
                  dataIndex: 'kind',
                  render: (k: string) => DEPARTMENT_KIND_LABELS[k] ?? k,
                },
                { title: t('status'), dataIndex: 'active', width: 90, render: status },
                {
                  title: t('actions'),
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
          { title: t('instCode'), dataIndex: 'code', width: 140 },
          { title: t('instName'), dataIndex: 'name' },
          {
            title: t('type'),
            dataIndex: 'type',
            render: (v: string) => INSTITUTION_TYPE_LABELS[v] ?? v,
          },
          {
            title: t('parentInst'),
            dataIndex: 'parentId',
            render: (id: string | null) => (id ? directory.institutionName(id) : '—'),
          },
          { title: t('status'), dataIndex: 'active', width: 90, render: status },
          {
            title: t('actions'),
            key: 'op',
            width: 90,
            render: (_, i) => (i.type === 'LEAD_HOSPITAL' ? '—' : switchButton('institutions', i)),
          },
        ]}
      />
    </Panel>
  );
}
