import { Alert, Typography } from 'antd';
import { useSession } from '../../session/session';
import { useDirectory } from './use-directory';
import { CenterQueue } from './worklist/CenterQueue';
import { MyReadings, PendingApproval } from './worklist/MyStudies';

/**
 * 阅片工作列表: the reader's studies in progress, each of their reading centers' queues (STAT,
 * urgent, routine, 签约 first within a priority, then oldest) with the turnaround counting down,
 * and for senior readers the preliminary reports awaiting approval.
 */
export default function WorklistPage() {
  const { actor, hasRole } = useSession();
  const { centerName, institutionName } = useDirectory();
  return (
    <>
      <Typography.Title level={2}>阅片工作列表</Typography.Title>
      <Typography.Paragraph>
        按优先级（急诊、加急、常规，签约居民优先）及申请时间排序，每 10
        秒自动刷新；认领后租约自动续期，离开阅片页面即释放。
      </Typography.Paragraph>
      {actor.centerIds.length === 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="您尚未加入任何阅片中心，请联系医共体管理员分配。"
        />
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
