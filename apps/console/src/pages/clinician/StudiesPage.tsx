import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, DatePicker, Form, Select, Space, Table, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { type Answer, api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { beijing, TIME_ZONE } from '../../i18n/locale';
import { useLocale } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { type DicomStudy, loadDicomStudies } from './shared/dicom-study';
import { useT } from './i18n';
import { STUDY_STATUS, StatusTag, statusLabel } from './shared/status';
import { useLive } from './shared/use-live';

type Study = Answer<'/api/v1/studies', 'get'>['items'][number];
/** The API's largest page: the most recent studies, filtered further here by type and date. */
const LIMIT = 200;

/** One labelled filter above the list; cleared, it shows all. */
function FilterSelect(props: {
  id: string;
  label: string;
  width: number;
  value?: string;
  onChange: (value?: string) => void;
  options: { value: string; label: string }[];
}) {
  const t = useT();
  return (
    <Form.Item label={props.label} htmlFor={props.id}>
      <Select
        id={props.id}
        allowClear
        placeholder={t('all')}
        style={{ width: props.width }}
        value={props.value}
        onChange={props.onChange}
        options={props.options}
      />
    </Form.Item>
  );
}

/**
 * 检查与报告: the clinic's studies, newest first, with their reading status kept live (every
 * 5 s, and at once when a notification arrives). Status is filtered by the API; type and date
 * over the most recent 200, as the API has no such filters.
 */
export default function StudiesPage() {
  const { hasRole } = useSession();
  const navigate = useNavigate();
  const t = useT();
  const { lang } = useLocale();
  const [status, setStatus] = useState<string | undefined>();
  const [modality, setModality] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const list = useLoad(
    () => api.GET('/api/v1/studies', { params: { query: { limit: LIMIT, status } } }),
    [status],
  );
  const updatedAt = useLive(list.reload, 5_000);
  const dicom = useDicomStudies(list.data?.items ?? []);

  const items = useMemo(() => {
    const [from, to] = range ?? [null, null];
    return (list.data?.items ?? []).filter((s) => {
      if (modality && s.modality !== modality) return false;
      const day = beijing(s.receivedAt, 'YYYY-MM-DD');
      if (from && day < from.tz(TIME_ZONE).format('YYYY-MM-DD')) return false;
      return !(to && day > to.tz(TIME_ZONE).format('YYYY-MM-DD'));
    });
  }, [list.data, modality, range]);
  const modalities = [...new Set((list.data?.items ?? []).map((s) => s.modality).filter(Boolean))];

  return (
    <>
      <Typography.Title level={2}>{t('studiesTitle')}</Typography.Title>
      <Panel
        title={t('studiesPanel')}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        extra={
          hasRole('clinician') && (
            <Button
              type="primary"
              icon={<UploadOutlined />}
              onClick={() => navigate('/studies/upload')}
            >
              {t('uploadButton')}
            </Button>
          )
        }
      >
        <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
          <FilterSelect
            id="filter-status"
            label={t('status')}
            width={160}
            value={status}
            onChange={setStatus}
            options={Object.keys(STUDY_STATUS).map((value) => ({
              value,
              label: statusLabel(value, lang),
            }))}
          />
          <FilterSelect
            id="filter-modality"
            label={t('modality')}
            width={120}
            value={modality}
            onChange={setModality}
            options={modalities.map((m) => ({ value: m!, label: m! }))}
          />
          <Form.Item label={t('uploadDate')} htmlFor="filter-date">
            <DatePicker.RangePicker
              id={{ start: 'filter-date' }}
              value={range}
              onChange={setRange}
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} aria-live="polite">
          {t('autoRefresh', { at: beijing(updatedAt.toISOString(), 'HH:mm:ss') })}
          {(list.data?.total ?? 0) > LIMIT &&
            t('showingRecent', { total: list.data!.total, limit: LIMIT })}
        </Typography.Paragraph>
        <Table<Study>
          size="small"
          rowKey="id"
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <span style={{ color: '#595959' }}>{t('noStudies')}</span> }}
          scroll={{ x: 800 }}
          columns={[
            {
              title: t('receivedAt'),
              key: 'receivedAt',
              width: 150,
              render: (_, s) => beijing(s.receivedAt),
            },
            {
              title: t('patient'),
              key: 'patient',
              render: (_, s) => dicom.get(s.studyInstanceUid)?.patientName || '—',
            },
            {
              title: t('exam'),
              key: 'exam',
              render: (_, s) =>
                [s.modality, dicom.get(s.studyInstanceUid)?.studyDescription]
                  .filter(Boolean)
                  .join(' · ') || '—',
            },
            {
              title: t('status'),
              key: 'status',
              width: 130,
              render: (_, s) => <StatusTag status={s.status} />,
            },
            {
              title: t('actions'),
              key: 'open',
              width: 150,
              render: (_, s) => (
                <Space>
                  <Link
                    to={`/studies/${s.id}`}
                    aria-label={t('viewStudyAria', { uid: s.studyInstanceUid })}
                  >
                    {t('view')}
                  </Link>
                  {s.status === 'FINAL' && (
                    <Link
                      to={`/reports/${s.id}/print`}
                      aria-label={t('printReportAria', { uid: s.studyInstanceUid })}
                    >
                      {t('printReport')}
                    </Link>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Panel>
    </>
  );
}

/**
 * Patient names and exam descriptions from the DICOM index, asked once per study (each search
 * is audited, so a poll every 5 s must not ask again for what it already knows).
 */
function useDicomStudies(studies: Study[]): Map<string, DicomStudy> {
  const known = useRef(new Map<string, DicomStudy>());
  const asked = useRef(new Set<string>());
  const [, setVersion] = useState(0);
  const missing = studies.map((s) => s.studyInstanceUid).filter((u) => !asked.current.has(u));
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return;
    const uids = key.split(',');
    uids.forEach((u) => asked.current.add(u));
    loadDicomStudies(uids).then(
      (found) => {
        found.forEach((v, k) => known.current.set(k, v));
        setVersion((n) => n + 1);
      },
      () => uids.forEach((u) => asked.current.delete(u)), // asked again on the next refresh
    );
  }, [key]);
  return known.current;
}
