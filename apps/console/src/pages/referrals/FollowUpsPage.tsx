import { useState } from 'react';
import { Alert, Button, Segmented, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { serverPages } from '../../components/server-pages';
import { beijing } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { useT } from './i18n';
import { type FollowUp, useLabels } from './labels';
import { RecordFollowUpDialog } from './RecordFollowUpDialog';
import { ReferralPatient } from './ReferralPatient';
import { usePoll } from './use-poll';

type Filter = 'SCHEDULED' | 'OVERDUE' | 'DONE' | 'ALL';
const PAGE = 20;

/**
 * 随访: the 回访 owed after a down-referral is accepted or an up-referral completes, soonest due
 * first; overdue ones in red. Either institution of the referral records the outcome.
 */
export default function FollowUpsPage() {
  const { hasRole } = useSession();
  const t = useT();
  const { FOLLOW_UP_OUTCOME, FOLLOW_UP_STATUS } = useLabels();
  const [filter, setFilter] = useState<Filter>('SCHEDULED');
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState<FollowUp>();
  const list = useLoad(
    () =>
      api.GET('/api/v1/follow-ups', {
        params: {
          query: {
            status: filter === 'ALL' ? undefined : filter,
            limit: PAGE,
            offset: (page - 1) * PAGE,
          },
        },
      }),
    [filter, page],
  );
  const overdue = useLoad(
    () => api.GET('/api/v1/follow-ups', { params: { query: { status: 'OVERDUE', limit: 1 } } }),
    [],
  );
  usePoll(list.reload, 30_000);
  const canRecord = hasRole('referral_coordinator', 'clinician');
  const late = (f: FollowUp) =>
    f.status === 'OVERDUE' || (f.status === 'SCHEDULED' && dayjs(f.dueAt).isBefore(dayjs()));

  return (
    <>
      <Typography.Title level={2}>{t('followUps')}</Typography.Title>
      {!!overdue.data?.total && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('overdueAlert', { n: overdue.data.total })}
          action={<Button onClick={() => setFilter('OVERDUE')}>{t('viewOverdue')}</Button>}
        />
      )}
      <Panel
        title={t('followUpTasks')}
        error={list.error}
        onRetry={list.reload}
        extra={
          <Segmented<Filter>
            aria-label={t('followUpStatus')}
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            options={[
              { value: 'SCHEDULED', label: t('fuScheduled') },
              { value: 'OVERDUE', label: t('fuOverdue') },
              { value: 'DONE', label: t('fuDone') },
              { value: 'ALL', label: t('fuAll') },
            ]}
          />
        }
      >
        <Table<FollowUp>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          onRow={(f) => ({ style: late(f) ? { background: '#fff1f0' } : undefined })}
          pagination={serverPages(page, PAGE, list.data?.total, setPage)}
          columns={[
            {
              title: t('colPatientDirection'),
              key: 'patient',
              render: (_, f) => <ReferralPatient referralId={f.referralId} />,
            },
            {
              title: t('colDue'),
              key: 'due',
              render: (_, f) => (
                <span style={late(f) ? { color: '#cf1322', fontWeight: 600 } : undefined}>
                  {beijing(f.dueAt, 'YYYY-MM-DD')}
                  {late(f) && f.status === 'SCHEDULED' ? t('due') : ''}
                </span>
              ),
            },
            {
              title: t('colStatus'),
              key: 'status',
              render: (_, f) => (
                <Tag color={FOLLOW_UP_STATUS[f.status].color}>
                  {FOLLOW_UP_STATUS[f.status].label}
                </Tag>
              ),
            },
            {
              title: t('colOutcome'),
              key: 'outcome',
              render: (_, f) =>
                f.outcome ? (
                  <span>
                    {FOLLOW_UP_OUTCOME[f.outcome] ?? f.outcome}
                    {f.notes ? `：${f.notes}` : ''}
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              title: t('colRecordedBy'),
              key: 'recorded',
              render: (_, f) =>
                f.recordedAt ? `${f.recordedByName ?? ''} ${beijing(f.recordedAt)}` : '—',
            },
            {
              title: t('colActions'),
              key: 'actions',
              render: (_, f) =>
                canRecord && (f.status === 'SCHEDULED' || f.status === 'OVERDUE') ? (
                  <Button size="small" type="primary" onClick={() => setRecording(f)}>
                    {t('recordFollowUp')}
                  </Button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Panel>
      <RecordFollowUpDialog
        followUp={recording}
        onClose={() => setRecording(undefined)}
        onDone={() => {
          setRecording(undefined);
          list.reload();
          overdue.reload();
        }}
      />
    </>
  );
}
