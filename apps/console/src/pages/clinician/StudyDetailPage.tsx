import { useParams } from 'react-router';
import { Alert, Col, Row, Table, Typography } from 'antd';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { beijing } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { FinalReport } from './detail/FinalReport';
import { useT } from './i18n';
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
  const t = useT();
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
      <Typography.Title level={2}>{t('detailTitle')}</Typography.Title>
      {s?.status === 'RETURNED' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="returned-reason"
          style={{ marginBottom: 16 }}
          title={t('returnedTitle', { reason: s.returnedReason ?? t('noReason') })}
          description={t('returnedHint')}
        />
      )}
      <Panel
        title={t('studyInfo')}
        loading={study.loading}
        error={study.error}
        onRetry={study.reload}
        extra={
          s && s.status !== 'FINAL' ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} aria-live="polite">
              {t('liveTracking', { at: beijing(updatedAt.toISOString(), 'HH:mm:ss') })}
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
                title={t('patientUnavailable')}
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
            <Panel title={t('timeline')}>
              <StudyTimeline study={s} />
            </Panel>
          </Col>
          <Col xs={24} xl={16}>
            <Panel
              title={t('request')}
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
                <Typography.Text type="secondary">{t('noRequest')}</Typography.Text>
              )}
            </Panel>
          </Col>
        </Row>
      )}
      {s && (
        <Panel title={t('report')}>
          <FinalReport study={s} />
        </Panel>
      )}
      {s && <InstancesPanel study={s} />}
    </>
  );
}

function InstancesPanel({ study }: { study: Study }) {
  const t = useT();
  return (
    <Panel title={t('instances', { n: study.instanceCount })}>
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
            title: t('size'),
            key: 'size',
            width: 100,
            render: (_, i: Study['instances'][number]) => `${Math.ceil(i.sizeBytes / 1024)} KB`,
          },
          {
            title: t('ecg'),
            key: 'ecg',
            width: 160,
            render: (_, i: Study['instances'][number]) =>
              i.ecg
                ? t('ecgSummary', { leads: i.ecg.leads.length, bpm: i.ecg.heartRateBpm ?? '—' })
                : '—',
          },
        ]}
      />
    </Panel>
  );
}
