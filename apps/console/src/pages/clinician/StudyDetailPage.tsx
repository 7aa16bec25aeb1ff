import { useParams } from 'react-router';
import { Alert, Col, Row, Table, Typography } from 'antd';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { beijing } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { FinalReport } from './detail/FinalReport';
import { ReadingRequestForm } from './detail/ReadingRequestForm';
import { RequestSummary } from './detail/RequestSummary';
import { StudyFacts } from './detail/StudyFacts';
import { StudyTimeline } from './detail/StudyTimeline';
import type { Study } from './detail/types';
import { loadDicomStudies } from './shared/dicom-study';
import { loadReadingCenters } from './shared/directory';
import { loadPatient } from './shared/patient';
import { useAsync } from './shared/use-async';
import { useLive } from './shared/use-live';

/** A study can be (re)sent to a reading center until one has it: new, or sent back. */
const REQUESTABLE = new Set(['RECEIVED', 'RETURNED']);

/**
 * 检查详情: the study and its patient, the 申请单 (filled here, or as it was sent), where the
 * reading stands (followed live, every 5 s until the report is final) and the final report.
 */
export default function StudyDetailPage() {
  const { id = '' } = useParams();
  const { hasRole } = useSession();
  const study = useLoad(() => api.GET('/api/v1/studies/{id}', { params: { path: { id } } }), [id]);
  const s = study.data;
  const updatedAt = useLive(study.reload, 5_000, !!s && s.status !== 'FINAL');
  const centers = useAsync(loadReadingCenters, []);
  const people = useAsync(async () => {
    if (!s) return undefined;
    const dicom = (await loadDicomStudies([s.studyInstanceUid])).get(s.studyInstanceUid);
    return { dicom, patient: await loadPatient(s, dicom) };
  }, [s?.studyInstanceUid, s?.patientId]);
  const center = centers.data?.find((c) => c.id === s?.centerId);

  return (
    <>
      <Typography.Title level={2}>检查详情</Typography.Title>
      {s?.status === 'RETURNED' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="returned-reason"
          style={{ marginBottom: 16 }}
          title={`诊断中心退回了此检查：${s.returnedReason ?? '未说明原因'}`}
          description="请按要求补充或重新检查后，再次提交申请单。"
        />
      )}
      <Panel
        title="检查信息"
        loading={study.loading}
        error={study.error}
        onRetry={study.reload}
        extra={
          s && s.status !== 'FINAL' ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} aria-live="polite">
              实时跟踪 · 更新于 {beijing(updatedAt.toISOString(), 'HH:mm:ss')}
            </Typography.Text>
          ) : undefined
        }
      >
        {s && (
          <>
            {people.error ? (
              <Alert
                type="warning"
                showIcon
                title="患者信息暂不可用"
                style={{ marginBottom: 12 }}
              />
            ) : null}
            <StudyFacts
              study={s}
              dicom={people.data?.dicom}
              patient={people.data?.patient}
              center={center}
            />
          </>
        )}
      </Panel>
      {s && (
        <Row gutter={16}>
          <Col xs={24} xl={8}>
            <Panel title="进度">
              <StudyTimeline study={s} />
            </Panel>
          </Col>
          <Col xs={24} xl={16}>
            <Panel
              title="申请单"
              loading={centers.loading}
              error={centers.error}
              onRetry={centers.reload}
            >
              {REQUESTABLE.has(s.status) && hasRole('clinician') ? (
                <ReadingRequestForm
                  key={`${s.id}-${s.status}`}
                  study={s}
                  centers={centers.data ?? []}
                  onSent={() => study.reload()}
                />
              ) : s.requestedAt ? (
                <RequestSummary study={s} center={center} />
              ) : (
                <Typography.Text type="secondary">尚未提交申请单</Typography.Text>
              )}
            </Panel>
          </Col>
        </Row>
      )}
      {s && (
        <Panel title="诊断报告">
          <FinalReport study={s} />
        </Panel>
      )}
      {s && <InstancesPanel study={s} />}
    </>
  );
}

function InstancesPanel({ study }: { study: Study }) {
  return (
    <Panel title={`影像（${study.instanceCount}）`}>
      <Table
        size="small"
        rowKey="id"
        dataSource={study.instances}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 700 }}
        columns={[
          { title: 'SOP Instance UID', dataIndex: 'sopInstanceUid', ellipsis: true },
          { title: 'Series Instance UID', dataIndex: 'seriesInstanceUid', ellipsis: true },
          {
            title: '大小',
            key: 'size',
            width: 100,
            render: (_, i: Study['instances'][number]) => `${Math.ceil(i.sizeBytes / 1024)} KB`,
          },
          {
            title: '心电',
            key: 'ecg',
            width: 160,
            render: (_, i: Study['instances'][number]) =>
              i.ecg ? `${i.ecg.leads.length} 导联 · ${i.ecg.heartRateBpm ?? '—'} 次/分` : '—',
          },
        ]}
      />
    </Panel>
  );
}
