import { Alert, Typography } from 'antd';
import { useSession } from '../../session/session';
import { useDirectory } from './use-directory';
import { CenterQueue } from './worklist/CenterQueue';
import { MyReadings, PendingApproval } from './worklist/MyStudies';
import { useT } from './i18n';

/**
 * 阅片工作列表: the reader's studies in progress, each of their reading centers' queues (STAT,
 * urgent, routine, 签约 first within a priority, then oldest) with the turnaround counting down,
 * and for senior readers the preliminary reports awaiting approval.
 */
export default function WorklistPage() {
  const { actor, hasRole } = useSession();
  const { centerName, institutionName } = useDirectory();
  const t = useT();
  return (
    <>
      <Typography.Title level={2}>{t('worklistTitle')}</Typography.Title>
      <Typography.Paragraph>{t('worklistIntro')}</Typography.Paragraph>
      {actor.centerIds.length === 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('noCenter')} />
      )}
      <MyReadings institutionName={institutionName} />
      {hasRole('senior_reader') && <PendingApproval institutionName={institutionName} />}
      {actor.centerIds.map((id) => (
        <CenterQueue
          key={id}
          centerId={id}
          centerName={centerName(id)}
          institutionName={institutionName}
        />
      ))}
    </>
  );
}
