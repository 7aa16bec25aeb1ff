import { useMemo, useState } from 'react';
import { App, Button, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, problemText } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import { useSession } from '../../../session/session';
import { ROLE_SHORT } from './labels';
import { ResetPasswordModal } from './ResetPasswordModal';
import type { Directory } from './use-directory';
import { type User, UserFormModal } from './UserFormModal';
import { StatusBadge } from './StatusBadge';

/** The community's users: create, edit roles/institution/centers, disable/enable, reset password. */
export function UsersPanel({ directory }: { directory: Directory }) {
  const { message } = App.useApp();
  const { actor } = useSession();
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
      void message.success(`${user.displayName} 已${active ? '启用' : '停用'}`);
      users.reload();
    } else void message.error(`${active ? '启用' : '停用'}失败：${problemText(error)}`);
  };

  return (
    <Panel
      title="用户"
      loading={users.loading || directory.loading}
      error={users.error ?? directory.error}
      onRetry={() => {
        users.reload();
        directory.reload();
      }}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建用户
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="按用户名或姓名查找"
          placeholder="按用户名或姓名查找"
          allowClear
          onSearch={setSearch}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
        <Select
          aria-label="按机构筛选"
          placeholder="全部机构"
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
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 人` }}
        scroll={{ x: 1000 }}
        columns={[
          { title: '用户名', dataIndex: 'username', width: 130 },
          { title: '姓名', dataIndex: 'displayName', width: 150 },
          {
            title: '机构',
            dataIndex: 'institutionId',
            render: (id: string) => directory.institutionName(id),
          },
          {
            title: '角色',
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{ROLE_SHORT[r] ?? r}</Tag>),
          },
          {
            title: '阅片中心',
            dataIndex: 'centerIds',
            render: (ids: string[]) =>
              ids.length ? ids.map(directory.centerName).join('、') : '—',
          },
          {
            title: '状态',
            dataIndex: 'active',
            width: 80,
            render: (active: boolean) =>
              active ? (
                <StatusBadge tone="success" text="启用" />
              ) : (
                <StatusBadge tone="default" text="已停用" />
              ),
          },
          {
            title: '密码设置时间',
            dataIndex: 'passwordChangedAt',
            width: 140,
            render: (at: string | null) => beijing(at),
          },
          {
            title: '操作',
            key: 'actions',
            fixed: 'end',
            width: 220,
            render: (_, user) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(user)}>
                  编辑
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(user)}>
                  重置密码
                </Button>
                {user.active ? (
                  <Popconfirm
                    title={`停用 ${user.displayName}？`}
                    description="停用后立即不能登录，已登录的会话在 30 秒内失效。"
                    okText="停用"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => setActive(user, false)}
                    disabled={user.id === actor.id}
                  >
                    <Button type="link" size="small" danger disabled={user.id === actor.id}>
                      停用
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => void setActive(user, true)}>
                    启用
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
          void message.success(`已保存用户 ${user.username}`);
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
          void message.success(`已重置 ${user.displayName} 的密码，请告知本人尽快修改`);
          setResetting(undefined);
          users.reload();
        }}
      />
    </Panel>
  );
}
