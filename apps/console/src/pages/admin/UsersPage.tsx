import { Tabs, Typography } from 'antd';
import { InstitutionsPanel } from './users/InstitutionsPanel';
import { useDirectory } from './users/use-directory';
import { UsersPanel } from './users/UsersPanel';
import { useT } from './i18n';

/** Community admin: the people who sign in, and the institutions and departments they work in. */
export default function UsersPage() {
  const directory = useDirectory();
  const t = useT();
  return (
    <>
      <Typography.Title level={2}>{t('usersTitle')}</Typography.Title>
      <Tabs
        items={[
          { key: 'users', label: t('usersTab'), children: <UsersPanel directory={directory} /> },
          {
            key: 'institutions',
            label: t('institutionsTab'),
            children: <InstitutionsPanel directory={directory} />,
          },
        ]}
      />
    </>
  );
}
