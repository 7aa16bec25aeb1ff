import { Link } from 'react-router';
import { Button, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { api, type Answer } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import { useSession } from '../../../session/session';
import { Muted } from '../Muted';
import { PatientName } from '../PatientName';
import { PRIORITY } from '../reader-format';
import { useInterval } from '../use-interval';
import { Countdown } from './Countdown';
import { useLabel, useT } from '../i18n';

type Study = Answer<'/api/v1/studies/{id}', 'get'>;

/**
 * Studies of one status at the reader's centers, with their details (the list answers no
 * lease, priority or report). The lists are short: a reader holds one or two studies at a time.
 */
function useStudies(status: 'IN_PROGRESS' | 'PRELIMINARY', keep: (s: Study) => boolean) {
  const list = useLoad(async () => {
    const page = await api.GET('/api/v1/studies', { params: { query: { status, limit: 50 } } });
    if (!page.data) return { error: page.error, response: page.response };
    const details = await Promise.all(
      page.data.items.map((s) =>
        api.GET('/api/v1/studies/{id}', { params: { path: { id: s.id } } }),
      ),
    );
    const data = details.flatMap((d) => (d.data && keep(d.data) ? [d.data] : []));
    return { data, response: page.response };
  }, [status]);
  useInterval(list.reload, 15_000);
  return list;
}

/**
 * A short list of studies in a panel, refreshable. Both lists show priority, patient, study and
 * institution first and the time left and a link to the study last; `columns` go in between.
 */
function StudyListPanel(props: {
  title: string;
  testId: string;
  emptyText: string;
  list: ReturnType<typeof useStudies>;
  institutionName: (id: string) => string;
  columns: ColumnsType<Study>;
  linkText: string;
}) {
  const { list } = props;
  const t = useT();
  const label = useLabel();
  const columns: ColumnsType<Study> = [
    {
      title: t('colPriority'),
      dataIndex: 'priority',
      width: 130,
      render: (p: Study['priority']) =>
        p ? <Tag color={PRIORITY[p].color}>{label(PRIORITY[p])}</Tag> : '—',
    },
    {
      title: t('colPatient'),
      key: 'patient',
      render: (_: unknown, s: Study) => <PatientName patientId={s.patientId} />,
    },
    {
      title: t('colStudy'),
      dataIndex: 'modality',
      render: (m: string | null) => <Tag>{m ?? '—'}</Tag>,
    },
    { title: t('colInstitution'), dataIndex: 'institutionId', render: props.institutionName },
    ...props.columns,
    {
      title: t('colRemaining'),
      key: 'countdown',
      render: (_: unknown, s: Study) => <Countdown requestedAt={s.requestedAt} dueAt={s.dueAt} />,
    },
    {
      title: t('colAction'),
      key: 'open',
      render: (_: unknown, s: Study) => (
        <Link to={`/reader/studies/${s.id}`}>{props.linkText}</Link>
      ),
    },
  ];
  return (
    <Panel
      title={t('listTitle', { title: props.title, n: list.data?.length ?? '…' })}
      loading={list.loading}
      error={list.error}
      onRetry={list.reload}
      extra={
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('refresh')}
        </Button>
      }
    >
      <Table<Study>
        data-testid={props.testId}
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Muted>{props.emptyText}</Muted> }}
        columns={columns}
      />
    </Panel>
  );
}

/** The studies I claimed and have not finished: back to them before the lease runs out. */
export function MyReadings(props: { institutionName: (id: string) => string }) {
  const { actor } = useSession();
  const list = useStudies('IN_PROGRESS', (s) => s.lease?.readerId === actor.id);
  const t = useT();
  return (
    <StudyListPanel
      title={t('myReadings')}
      testId="my-readings"
      emptyText={t('myReadingsEmpty')}
      list={list}
      institutionName={props.institutionName}
      linkText={t('continueReading')}
      columns={[
        {
          title: t('colLease'),
          key: 'lease',
          render: (_: unknown, s: Study) => beijing(s.lease?.expiresAt, 'HH:mm:ss'),
        },
      ]}
    />
  );
}

/** 审核: preliminary reports at my centers; my own reports need another senior reader. */
export function PendingApproval(props: { institutionName: (id: string) => string }) {
  const { actor } = useSession();
  const list = useStudies(
    'PRELIMINARY',
    (s) => !!s.centerId && actor.centerIds.includes(s.centerId),
  );
  const t = useT();
  const preliminary = (s: Study) => s.reports.find((r) => r.status === 'PRELIMINARY');
  return (
    <StudyListPanel
      title={t('pendingApproval')}
      testId="pending-approval"
      emptyText={t('pendingEmpty')}
      list={list}
      institutionName={props.institutionName}
      linkText={t('approveLink')}
      columns={[
        {
          title: t('colAuthor'),
          key: 'author',
          render: (_: unknown, s: Study) => (
            <Space size={4}>
              {preliminary(s)?.authorName ?? '—'}
              {preliminary(s)?.authorId === actor.id && <Tag>{t('ownReport')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('colSignedAt'),
          key: 'signed',
          render: (_: unknown, s: Study) => beijing(preliminary(s)?.signedAt, 'MM-DD HH:mm'),
        },
      ]}
    />
  );
}
