import { Tabs, Typography } from 'antd';
import { InstitutionsPanel } from './users/InstitutionsPanel';
import { useDirectory } from './users/use-directory';
import { UsersPanel } from './users/UsersPanel';

/** Community admin: the people who sign in, and the institutions and departments they work in. */
export default function UsersPage() {
  const directory = useDirectory();
  return (
    <>
      <Typography.Title level={2}>用户管理</Typography.Title>
      <Tabs
        items={[
          { key: 'users', label: '用户', children: <UsersPanel directory={directory} /> },
          {
            key: 'institutions',
            label: '机构与科室',
            children: <InstitutionsPanel directory={directory} />,
          },
        ]}
      />
    </>
  );
}
