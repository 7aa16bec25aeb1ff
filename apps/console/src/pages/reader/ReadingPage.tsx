import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Col, Row, Typography } from 'antd';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { useSession } from '../../session/session';
import { EcgPanel, isEcg } from './ecg/EcgPanel';
import { ImagesPanel } from './reading/ImagesPanel';
import { NextStep } from './reading/NextStep';
import { type Study, StudyPanel } from './reading/StudyPanel';
import { useLease } from './reading/use-lease';
import { useStudyActions } from './reading/use-study-actions';
import { CriticalPanel } from './report/CriticalPanel';
import { ReportPanel } from './report/ReportPanel';
import { useDirectory } from './use-directory';
import { useT } from './i18n';
import { ProblemAlert } from '../../components/ProblemAlert';

/**
 * 阅片: one study with its 申请单, the images (OHIF) or the ECG, the report, 危急值. While the
 * reader holds the lease it is kept alive; leaving the page gives the study back.
 */
export default function ReadingPage() {
  const { id = '' } = useParams();
  const loaded = useLoad(() => api.GET('/api/v1/studies/{id}', { params: { path: { id } } }), [id]);
  const [study, setStudy] = useState<Study>();
  useEffect(() => setStudy(loaded.data), [loaded.data]);
  const t = useT();
  return (
    <>
      <Typography.Title level={2}>
        {study ? t('readingTitleStudy', { m: study.modality ?? '' }) : t('readingTitle')}
      </Typography.Title>
      {study && study.id === id ? (
        <Reading key={study.id} study={study} onStudy={setStudy} reload={loaded.reload} />
      ) : (
        <Panel
          title={t('studyAndRequest')}
          loading={loaded.loading}
          error={loaded.error}
          onRetry={loaded.reload}
        />
      )}
    </>
  );
}

function Reading(props: { study: Study; onStudy: (s: Study) => void; reload: () => void }) {
  const { study } = props;
  const { actor } = useSession();
  const { centerName, institutionName } = useDirectory();
  const held = study.status === 'IN_PROGRESS' && study.lease?.readerId === actor.id;
  const [wasHeld, setWasHeld] = useState(held);
  const [leaseExpiresAt, setLeaseExpiresAt] = useState(study.lease?.expiresAt ?? null);
  const [lost, setLost] = useState<string | null>(null);
  const [impression, setImpression] = useState('');
  // Lease length (for the heartbeat) and whether a senior approves; a study sent to no center
  // (not requested yet) has neither.
  const settings = useLoad(
    () =>
      study.centerId
        ? api.GET('/api/v1/reading-centers/{id}/settings', {
            params: { path: { id: study.centerId } },
          })
        : Promise.resolve({
            data: undefined,
            error: undefined,
            response: new Response(null, { status: 204 }),
          }),
    [study.centerId],
  );
  useEffect(() => {
    if (held) setWasHeld(true);
    setLeaseExpiresAt(study.lease?.expiresAt ?? null);
  }, [held, study.lease?.expiresAt]);
  useLease({
    studyId: study.id,
    held,
    leaseMinutes: settings.data?.leaseMinutes,
    onBeat: setLeaseExpiresAt,
    onLost: (problem) => {
      setLost(problem);
      props.reload();
    },
    onRestored: props.reload,
  });
  const actions = useStudyActions(study, (s) => {
    setLost(null);
    props.onStudy(s);
  });
  const ecg = study.instances.some(isEcg);
  const t = useT();

  return (
    <>
      {lost && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t('leaseLost', { e: lost })}
          description={t('leaseLostHint')}
        />
      )}
      <ProblemAlert problem={actions.error} style={{ marginBottom: 16 }} />
      {wasHeld && !held && ['PRELIMINARY', 'FINAL', 'RETURNED'].includes(study.status) && (
        <NextStep study={study} />
      )}
      {ecg && <EcgPanel study={study} />}
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <StudyPanel
            study={study}
            held={held}
            leaseExpiresAt={leaseExpiresAt}
            centerName={centerName(study.centerId)}
            institutionName={institutionName(study.institutionId)}
            busy={actions.busy}
            onClaim={() => void actions.claim()}
            onRelease={() => void actions.release()}
          />
          {study.instances.some((i) => !isEcg(i)) && <ImagesPanel study={study} />}
        </Col>
        <Col xs={24} xl={14}>
          <ReportPanel
            study={study}
            held={held}
            requiresApproval={settings.data?.requiresSeniorApproval}
            onStudy={props.onStudy}
            onTextChange={(t) => setImpression(t.impression)}
          />
          {!!study.centerId && actor.centerIds.includes(study.centerId) && (
            <CriticalPanel study={study} impression={impression} />
          )}
        </Col>
      </Row>
    </>
  );
}
