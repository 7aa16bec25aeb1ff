import { Link } from 'react-router';
import { Alert, Button, Space } from 'antd';
import { useClaim } from '../worklist/use-claim';
import type { Study } from './StudyPanel';
import { useT } from '../i18n';

const DONE: Record<string, 'doneSigned' | 'doneFinal' | 'doneReturned' | undefined> = {
  PRELIMINARY: 'doneSigned',
  FINAL: 'doneFinal',
  RETURNED: 'doneReturned',
};

/** After signing or sending back: straight on to the next study of the same center. */
export function NextStep({ study }: { study: Study }) {
  const { claimNext, busy } = useClaim(() => undefined);
  const t = useT();
  return (
    <Alert
      type="success"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="next-step"
      title={t(DONE[study.status] ?? 'doneOther')}
      action={
        <Space>
          {study.centerId && (
            <Button
              type="primary"
              size="small"
              loading={busy !== null}
              onClick={() => void claimNext(study.centerId!)}
            >
              {t('claimNext')}
            </Button>
          )}
          <Link to="/reader/worklist">{t('backToWorklist')}</Link>
        </Space>
      }
    />
  );
}
