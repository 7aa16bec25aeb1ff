import { useState } from 'react';
import { Select, Space, Typography } from 'antd';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { useSession } from '../../session/session';
import { useDepartments, useInstitutions } from '../referrals/use-directory';
import { useT } from './capacity/i18n';
import { BedPublishForm } from './capacity/BedPublishForm';
import { BedsOverview } from './capacity/BedsOverview';
import { PolicyPanel } from './capacity/PolicyPanel';
import { SchedulePublishForm } from './capacity/SchedulePublishForm';
import { SlotsOverview } from './capacity/SlotsOverview';

/**
 * 号源与床位: the institution's coordinator publishes schedules and beds (with the REFERRAL
 * share previewed against the quota); everyone here sees what is published, its use and the
 * reserved share per day. A community administrator looks at any institution and sets the quota.
 */
export default function CapacityPage() {
  const { actor, hasRole } = useSession();
  const publisher = hasRole('referral_coordinator');
  const t = useT();
  const institutions = useInstitutions();
  const [chosen, setChosen] = useState<string>();
  const lead = institutions.list.find((i) => i.type === 'LEAD_HOSPITAL')?.id;
  const institutionId = publisher ? actor.institutionId : (chosen ?? lead);
  const departments = useDepartments(institutionId);
  const policy = useLoad(() => api.GET('/api/v1/referral-policy'), []);
  // Publishing bumps this so the overviews read again.
  const [version, setVersion] = useState(0);
  const published = () => setVersion((v) => v + 1);

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start" wrap>
        <Typography.Title level={2}>{t('capacityTitle')}</Typography.Title>
        {!publisher && (
          <Select
            aria-label={t('viewInstitution')}
            style={{ width: 240 }}
            value={institutionId}
            onChange={setChosen}
            showSearch={{ optionFilterProp: 'label' }}
            options={institutions.list.map((i) => ({ value: i.id, label: i.name }))}
          />
        )}
      </Space>
      <PolicyPanel
        policy={policy.data}
        error={policy.error}
        loading={policy.loading}
        canEdit={hasRole('community_admin')}
        onSaved={policy.reload}
        onRetry={policy.reload}
      />
      {publisher && (
        <>
          <Panel
            title={t('publishSchedule')}
            error={departments.error}
            onRetry={departments.reload}
          >
            <SchedulePublishForm
              departments={departments.list}
              minShare={policy.data?.minReferralSlotShare}
              onPublished={published}
            />
          </Panel>
          <Panel
            title={t('publishBedsTitle')}
            error={departments.error}
            onRetry={departments.reload}
          >
            <BedPublishForm
              departments={departments.list}
              minShare={policy.data?.minReferralBedShare}
              onPublished={published}
            />
          </Panel>
        </>
      )}
      {institutionId && (
        <>
          <SlotsOverview
            institutionId={institutionId}
            departments={departments.list}
            version={version}
          />
          <BedsOverview
            institutionId={institutionId}
            departments={departments.list}
            minShare={policy.data?.minReferralBedShare}
            version={version}
          />
        </>
      )}
    </>
  );
}
