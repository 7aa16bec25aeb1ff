import { Link } from 'react-router';
import { Alert, Button, Space } from 'antd';
import { useClaim } from '../worklist/use-claim';
import type { Study } from './StudyPanel';

const DONE: Record<string, string> = {
  PRELIMINARY: '报告已签名，等待审核。',
  FINAL: '报告已签发。',
  RETURNED: '检查已退回基层。',
};

/** After signing or sending back: straight on to the next study of the same center. */
export function NextStep({ study }: { study: Study }) {
  const { claimNext, busy } = useClaim(() => undefined);
  return (
    <Alert
      type="success"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="next-step"
      title={DONE[study.status] ?? '本检查已完成。'}
      action={
        <Space>
          {study.centerId && (
            <Button
              type="primary"
              size="small"
              loading={busy !== null}
              onClick={() => void claimNext(study.centerId!)}
            >
              领取下一例
            </Button>
          )}
          <Link to="/reader/worklist">返回工作列表</Link>
        </Space>
      }
    />
  );
}
