import { useNavigate } from 'react-router';
import { Button, Space, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSession } from '../../session/session';
import { GreenChannelPanel } from './GreenChannelPanel';
import { ReferralTable } from './ReferralTable';
import { useInstitutions } from './use-directory';

/**
 * 双向转诊: the inbox of referrals this institution receives (green channel on top, actions
 * per status) and the ones it sent, both live. A community administrator sees the community's.
 */
export default function ReferralsPage() {
  const { hasRole } = useSession();
  const navigate = useNavigate();
  const institutions = useInstitutions();
  const acts = hasRole('referral_coordinator', 'clinician');
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Title level={2}>双向转诊</Typography.Title>
        {acts && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/referrals/new')}>
            发起转诊
          </Button>
        )}
      </Space>
      <GreenChannelPanel role={acts ? 'received' : 'any'} nameOf={institutions.nameOf} />
      {acts ? (
        <Tabs
          items={[
            {
              key: 'received',
              label: '收到的转诊',
              children: (
                <ReferralTable
                  role="received"
                  title="收到的转诊（待办优先）"
                  institutions={institutions}
                />
              ),
            },
            {
              key: 'sent',
              label: '发出的转诊',
              children: (
                <ReferralTable role="sent" title="我方发出的转诊" institutions={institutions} />
              ),
            },
          ]}
        />
      ) : (
        <ReferralTable role="any" title="本医共体的转诊" institutions={institutions} />
      )}
    </>
  );
}
