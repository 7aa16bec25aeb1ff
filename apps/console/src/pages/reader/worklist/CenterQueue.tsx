import { useState } from 'react';
import { Button, Space, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api, type Answer } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { serverPages } from '../../../components/server-pages';
import { beijing } from '../../../i18n/locale';
import { Muted } from '../Muted';
import { PatientName } from '../PatientName';
import { PRIORITY, waited } from '../reader-format';
import { useInterval } from '../use-interval';
import { Countdown, Waited } from './Countdown';
import { useClaim } from './use-claim';
import { useLocale } from '../../../i18n/locale';
import { useLabel, useT } from '../i18n';

type Item = Answer<'/api/v1/worklist', 'get'>['items'][number];
const PAGE_SIZE = 20;
/** The queue changes as clinics send studies and other readers claim them. */
const REFRESH_MS = 10_000;

/** One reading center's queue in claim order, with claim-next and claim-this. */
export function CenterQueue(props: {
  centerId: string;
  centerName: string;
  institutionName: (id: string) => string;
}) {
  const [page, setPage] = useState(1);
  const list = useLoad(
    () =>
      api.GET('/api/v1/worklist', {
        params: {
          query: { centerId: props.centerId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        },
      }),
    [props.centerId, page],
  );
  useInterval(list.reload, REFRESH_MS);
  const { claim, claimNext, busy } = useClaim(list.reload);
  const t = useT();
  const label = useLabel();
  const { lang } = useLocale();

  const columns = [
    {
      title: t('colPriority'),
      dataIndex: 'priority',
      width: 130,
      render: (p: Item['priority'], item: Item) => (
        <Space size={2} wrap>
          <Tag color={PRIORITY[p].color}>{label(PRIORITY[p])}</Tag>
          {item.familyDoctorSigned && <Tag color="#237804">{t('signed')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('colPatient'),
      key: 'patient',
      render: (_: unknown, item: Item) => <PatientName studyId={item.studyId} />,
    },
    {
      title: t('colStudy'),
      key: 'study',
      render: (_: unknown, item: Item) => (
        <span>
          <Tag>{item.modality ?? '—'}</Tag>
          {item.studyDescription ?? ''}
        </span>
      ),
    },
    {
      title: t('colInstitution'),
      dataIndex: 'institutionId',
      render: (id: string) => props.institutionName(id),
    },
    {
      title: t('colWaited'),
      dataIndex: 'requestedAt',
      render: (at: string) => <Waited since={at} format={(ms) => waited(ms, lang)} />,
    },
    {
      title: t('colDue'),
      dataIndex: 'dueAt',
      render: (due: string | null) => beijing(due, 'MM-DD HH:mm'),
    },
    {
      title: t('colRemaining'),
      key: 'countdown',
      render: (_: unknown, item: Item) => (
        <Countdown requestedAt={item.requestedAt} dueAt={item.dueAt} />
      ),
    },
    {
      title: t('colAction'),
      key: 'action',
      render: (_: unknown, item: Item) => (
        <Button
          size="small"
          loading={busy === item.studyId}
          disabled={busy !== null && busy !== item.studyId}
          onClick={() => void claim(item.studyId)}
          aria-label={t('claimAria', { m: item.modality ?? '' })}
        >
          {t('claim')}
        </Button>
      ),
    },
  ];

  return (
    <Panel
      title={t('queueTitle', { center: props.centerName, n: list.data?.total ?? '…' })}
      loading={list.loading}
      error={list.error}
      onRetry={list.reload}
      extra={
        <Space>
          <Button
            type="primary"
            loading={busy === `next:${props.centerId}`}
            disabled={!list.data?.total}
            onClick={() => void claimNext(props.centerId)}
          >
            {t('claimNext')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('refresh')}
          </Button>
        </Space>
      }
    >
      <Table<Item>
        data-testid={`worklist-${props.centerId}`}
        rowKey="studyId"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Muted>{t('queueEmpty')}</Muted> }}
        pagination={{
          ...serverPages(page, PAGE_SIZE, list.data?.total, setPage),
          hideOnSinglePage: true,
        }}
        scroll={{ x: 900 }}
      />
    </Panel>
  );
}
