import { Tabs, Typography } from 'antd';
import { InstitutionsPanel } from './users/InstitutionsPanel';
import { useModalityT } from './modalities/i18n';
import { ModalitiesPanel } from './modalities/ModalitiesPanel';
import { useDirectory } from './users/use-directory';
import { UsersPanel } from './users/UsersPanel';
import { useT } from './i18n';

/**
 * Community admin: the people who sign in, the institutions and departments they work in, and
 * the DICOM devices that send to the platform.
 */
export default function UsersPage() {
  const directory = useDirectory();
  const t = useT();
  const tm = useModalityT();
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
          {
            key: 'modalities',
            label: tm('tab'),
            children: <ModalitiesPanel directory={directory} />,
          },
        ]}
      />
    </>
  );
}
