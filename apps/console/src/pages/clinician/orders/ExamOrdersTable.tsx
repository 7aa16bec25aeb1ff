import { App, Button, Input, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { api, problemText, type Answer } from '../../../api/client';
import { PriorityTag } from '../shared/status';
import { useOrderT } from './i18n';

export type ExamOrder = Answer<'/api/v1/exam-orders', 'get'>['items'][number];

const STATUS_COLOR = { SCHEDULED: '#0958d9', QUEUED: '#237804', CANCELLED: 'default' } as const;

/** The institution's orders, soonest first, with where each stands and a way to cancel. */
export function ExamOrdersTable(props: {
  orders: ExamOrder[];
  total: number;
  onChanged: () => void;
}) {
  const { message, modal } = App.useApp();
  const t = useOrderT();
  const statusText = { SCHEDULED: t('scheduled'), QUEUED: t('queued'), CANCELLED: t('cancelled') };

  const cancel = (order: ExamOrder) => {
    let reason = '';
    modal.confirm({
      title: `${t('cancel')} · ${order.accessionNumber}`,
      content: (
        <Input.TextArea
          aria-label={t('cancelReason')}
          placeholder={t('cancelReason')}
          maxLength={500}
          onChange={(e) => (reason = e.target.value)}
        />
      ),
      okText: t('confirm'),
      cancelText: t('back'),
      okButtonProps: { danger: true },
      onOk: async () => {
        if (!reason.trim()) {
          void message.error(t('cancelReasonRequired'));
          throw new Error('reason required'); // keeps the dialog open
        }
        const { error } = await api.POST('/api/v1/exam-orders/{id}/cancel', {
          params: { path: { id: order.id } },
          body: { reason: reason.trim() },
        });
        if (error)
          void message.error(
            t('problem', { acc: order.accessionNumber, problem: problemText(error) }),
          );
        else void message.success(t('cancelDone', { acc: order.accessionNumber }));
        props.onChanged();
      },
    });
  };

  return (
    <Table<ExamOrder>
      rowKey="id"
      size="small"
      dataSource={props.orders}
      pagination={{ pageSize: 20, total: props.total, showTotal: (n) => t('total', { n }) }}
      columns={[
        { title: t('accession'), dataIndex: 'accessionNumber', width: 150 },
        { title: t('modality'), dataIndex: 'modality', width: 70 },
        { title: t('procedure'), dataIndex: 'requestedProcedure' },
        {
          title: t('scheduledAt'),
          dataIndex: 'scheduledAt',
          width: 150,
          render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
        },
        {
          title: t('priority'),
          dataIndex: 'priority',
          width: 90,
          render: (p: string) => <PriorityTag priority={p} />,
        },
        {
          title: t('status'),
          dataIndex: 'status',
          width: 170,
          render: (s: ExamOrder['status']) => <Tag color={STATUS_COLOR[s]}>{statusText[s]}</Tag>,
        },
        {
          title: '',
          key: 'op',
          width: 120,
          render: (_, o) => (
            <Space size={0}>
              {o.studyId && <Link to={`/studies/${o.studyId}`}>{t('openStudy')}</Link>}
              {o.status === 'SCHEDULED' && (
                <Button type="link" size="small" danger onClick={() => cancel(o)}>
                  {t('cancel')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
