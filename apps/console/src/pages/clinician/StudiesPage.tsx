import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, DatePicker, Form, Select, Space, Table, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { type Answer, api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { beijing, TIME_ZONE } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { type DicomStudy, loadDicomStudies } from './shared/dicom-study';
import { STUDY_STATUS, StatusTag } from './shared/status';
import { useLive } from './shared/use-live';

type Study = Answer<'/api/v1/studies', 'get'>['items'][number];
/** The API's largest page: the most recent studies, filtered further here by type and date. */
const LIMIT = 200;

/**
 * 检查与报告: the clinic's studies, newest first, with their reading status kept live (every
 * 5 s, and at once when a notification arrives). Status is filtered by the API; type and date
 * over the most recent 200, as the API has no such filters.
 */
export default function StudiesPage() {
  const { hasRole } = useSession();
  const navigate = useNavigate();
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
      <Typography.Title level={2}>检查与报告</Typography.Title>
      <Panel
        title="本机构的检查"
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
              上传检查
            </Button>
          )
        }
      >
        <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item label="状态" htmlFor="filter-status">
            <Select
              id="filter-status"
              allowClear
              placeholder="全部"
              style={{ width: 160 }}
              value={status}
              onChange={setStatus}
              options={Object.entries(STUDY_STATUS).map(([value, s]) => ({
                value,
                label: s.label,
              }))}
            />
          </Form.Item>
          <Form.Item label="检查类型" htmlFor="filter-modality">
            <Select
              id="filter-modality"
              allowClear
              placeholder="全部"
              style={{ width: 120 }}
              value={modality}
              onChange={setModality}
              options={modalities.map((m) => ({ value: m!, label: m! }))}
            />
          </Form.Item>
          <Form.Item label="上传日期" htmlFor="filter-date">
            <DatePicker.RangePicker
              id={{ start: 'filter-date' }}
              value={range}
              onChange={setRange}
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} aria-live="polite">
          自动刷新 · 更新于 {beijing(updatedAt.toISOString(), 'HH:mm:ss')}
          {(list.data?.total ?? 0) > LIMIT && `（共 ${list.data!.total} 个，显示最近 ${LIMIT} 个）`}
        </Typography.Paragraph>
        <Table<Study>
          size="small"
          rowKey="id"
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <span style={{ color: '#595959' }}>暂无检查</span> }}
          scroll={{ x: 800 }}
          columns={[
            {
              title: '上传时间',
              key: 'receivedAt',
              width: 150,
              render: (_, s) => beijing(s.receivedAt),
            },
            {
              title: '患者',
              key: 'patient',
              render: (_, s) => dicom.get(s.studyInstanceUid)?.patientName || '—',
            },
            {
              title: '检查',
              key: 'exam',
              render: (_, s) =>
                [s.modality, dicom.get(s.studyInstanceUid)?.studyDescription]
                  .filter(Boolean)
                  .join(' · ') || '—',
            },
            {
              title: '状态',
              key: 'status',
              width: 130,
              render: (_, s) => <StatusTag status={s.status} />,
            },
            {
              title: '操作',
              key: 'open',
              width: 150,
              render: (_, s) => (
                <Space>
                  <Link to={`/studies/${s.id}`} aria-label={`查看检查 ${s.studyInstanceUid}`}>
                    查看
                  </Link>
                  {s.status === 'FINAL' && (
                    <Link
                      to={`/reports/${s.id}/print`}
                      aria-label={`打印报告 ${s.studyInstanceUid}`}
                    >
                      打印报告
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
