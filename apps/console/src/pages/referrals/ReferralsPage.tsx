import { useNavigate } from 'react-router';
import { Button, Space, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSession } from '../../session/session';
import { GreenChannelPanel } from './GreenChannelPanel';
import { ReferralTable } from './ReferralTable';
import { useT } from './i18n';
import { useInstitutions } from './use-directory';

/**
 * 双向转诊: the inbox of referrals this institution receives (green channel on top, actions
 * per status) and the ones it sent, both live. A community administrator sees the community's.
 */
export default function ReferralsPage() {
  const { hasRole } = useSession();
  const navigate = useNavigate();
  const institutions = useInstitutions();
  const t = useT();
  const acts = hasRole('referral_coordinator', 'clinician');
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Title level={2}>{t('pageTitle')}</Typography.Title>
        {acts && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/referrals/new')}>
            {t('newReferral')}
          </Button>
        )}
      </Space>
      <GreenChannelPanel role={acts ? 'received' : 'any'} nameOf={institutions.nameOf} />
      {acts ? (
        <Tabs
          items={[
            {
              key: 'received',
              label: t('receivedTab'),
              children: (
                <ReferralTable
                  role="received"
                  title={t('receivedTitle')}
                  institutions={institutions}
                />
              ),
            },
            {
              key: 'sent',
              label: t('sentTab'),
              children: (
                <ReferralTable role="sent" title={t('sentTitle')} institutions={institutions} />
              ),
            },
          ]}
        />
      ) : (
        <ReferralTable role="any" title={t('communityTitle')} institutions={institutions} />
      )}
    </>
  );
}
