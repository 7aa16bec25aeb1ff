import { Typography } from 'antd';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { ExamOrderForm } from './orders/ExamOrderForm';
import { ExamOrdersTable } from './orders/ExamOrdersTable';
import { useOrderT } from './orders/i18n';
import { loadReadingCenters } from './shared/directory';
import { useAsync } from './shared/use-async';

/** 检查预约: the clinic orders exams ahead; its modalities find them in their worklist. */
export default function ExamOrdersPage() {
  const t = useOrderT();
  const centers = useAsync(loadReadingCenters, []);
  const orders = useLoad(
    () => api.GET('/api/v1/exam-orders', { params: { query: { limit: 200 } } }),
    [],
  );
  return (
    <>
      <Typography.Title level={2}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Panel
        title={t('formPanel')}
        loading={centers.loading}
        error={centers.error}
        onRetry={centers.reload}
      >
        {centers.data && <ExamOrderForm centers={centers.data} onCreated={orders.reload} />}
      </Panel>
      <Panel
        title={t('listPanel')}
        loading={orders.loading}
        error={orders.error}
        onRetry={orders.reload}
      >
        <ExamOrdersTable
          orders={orders.data?.items ?? []}
          total={orders.data?.total ?? 0}
          onChanged={orders.reload}
        />
      </Panel>
    </>
  );
}
