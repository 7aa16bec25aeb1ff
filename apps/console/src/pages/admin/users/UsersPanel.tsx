import { useMemo, useState } from 'react';
import { App, Button, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import { useSession } from '../../../session/session';
import { userLabels } from './labels';
import { useLang, useT } from '../i18n';
import { ResetPasswordModal } from './ResetPasswordModal';
import type { Directory } from './use-directory';
import { type User, UserFormModal } from './UserFormModal';
import { StatusBadge } from './StatusBadge';

/** The community's users: create, edit roles/institution/centers, disable/enable, reset password. */
export function UsersPanel({ directory }: { directory: Directory }) {
  const { message } = App.useApp();
  const { actor } = useSession();
  const t = useT();
  const { ROLE_SHORT } = userLabels(useLang());
  const users = useLoad(() => api.GET('/api/v1/admin/users'), []);
  const [editing, setEditing] = useState<User | 'new'>();
  const [resetting, setResetting] = useState<User>();
  const [search, setSearch] = useState('');
  const [institution, setInstitution] = useState<string>();

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (users.data?.items ?? []).filter(
      (u) =>
        (!institution || u.institutionId === institution) &&
        (!needle || u.username.includes(needle) || u.displayName.toLowerCase().includes(needle)),
    );
  }, [users.data, search, institution]);

  const setActive = async (user: User, active: boolean) => {
    const path = active ? '/api/v1/admin/users/{id}/enable' : '/api/v1/admin/users/{id}/disable';
    const { data, error } = await api.POST(path, { params: { path: { id: user.id } } });
    if (data) {
      void message.success(t(active ? 'nameEnabled' : 'nameDisabled', { name: user.displayName }));
      users.reload();
    } else
      void message.error(
        t(active ? 'enableFailed' : 'disableFailed', { problem: problemText(error) }),
      );
  };

  return (
    <Panel
      title={t('usersPanel')}
      loading={users.loading || directory.loading}
      error={users.error ?? directory.error}
      onRetry={() => {
        users.reload();
        directory.reload();
      }}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('newUser')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('findUser')}
          placeholder={t('findUser')}
          allowClear
          onSearch={setSearch}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
        <Select
          aria-label={t('filterInstitution')}
          placeholder={t('allInstitutions')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={directory.institutionOptions.map((o) => ({ ...o, disabled: false }))}
          value={institution}
          onChange={setInstitution}
          style={{ width: 260 }}
        />
      </Space>
      <Table<User>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20, showTotal: (n) => t('usersTotal', { n }) }}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('username'), dataIndex: 'username', width: 130 },
          { title: t('name'), dataIndex: 'displayName', width: 150 },
          {
            title: t('institution'),
            dataIndex: 'institutionId',
            render: (id: string) => directory.institutionName(id),
          },
          {
            title: t('roles'),
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{ROLE_SHORT[r] ?? r}</Tag>),
          },
          {
            title: t('readingCenters'),
            dataIndex: 'centerIds',
            render: (ids: string[]) =>
              ids.length ? ids.map(directory.centerName).join('、') : '—',
          },
          {
            title: t('status'),
            dataIndex: 'active',
            width: 80,
            render: (active: boolean) =>
              active ? (
                <StatusBadge tone="success" text={t('enabled')} />
              ) : (
                <StatusBadge tone="default" text={t('disabled')} />
              ),
          },
          {
            title: t('passwordSetAt'),
            dataIndex: 'passwordChangedAt',
            width: 140,
            render: (at: string | null) => beijing(at),
          },
          {
            title: t('actions'),
            key: 'actions',
            fixed: 'end',
            width: 220,
            render: (_, user) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(user)}>
                  {t('edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(user)}>
                  {t('resetPassword')}
                </Button>
                {user.active ? (
                  <Popconfirm
                    title={t('disableWho', { name: user.displayName })}
                    description={t('disableUserNote')}
                    okText={t('disable')}
                    cancelText={t('cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => setActive(user, false)}
                    disabled={user.id === actor.id}
                  >
                    <Button type="link" size="small" danger disabled={user.id === actor.id}>
                      {t('disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => void setActive(user, true)}>
                    {t('enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <UserFormModal
        open={editing !== undefined}
        user={editing === 'new' ? undefined : editing}
        directory={directory}
        onClose={() => setEditing(undefined)}
        onSaved={(user) => {
          void message.success(t('userSaved', { name: user.username }));
          setEditing(undefined);
          users.reload();
          // Reading-center membership lives on the departments too.
          directory.reload();
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(undefined)}
        onDone={(user) => {
          void message.success(t('passwordReset', { name: user.displayName }));
          setResetting(undefined);
          users.reload();
        }}
      />
    </Panel>
  );
}
