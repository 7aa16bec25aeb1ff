import { Alert, Button, Descriptions, Popconfirm, Space, Tag } from 'antd';
import type { Answer } from '../../../api/client';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import { useSession } from '../../../session/session';
import { Countdown } from '../worklist/Countdown';
import { PatientName } from '../PatientName';
import { PRIORITY, STUDY_STATUS } from '../reader-format';
import { useLabel, useT } from '../i18n';
import { FactSheet } from '../FactSheet';

export type Study = Answer<'/api/v1/studies/{id}', 'get'>;

/** 申请单 and where the study stands: patient, clinic, history, question, priority, lease. */
export function StudyPanel(props: {
  study: Study;
  held: boolean;
  leaseExpiresAt: string | null;
  centerName: string;
  institutionName: string;
  busy: string | null;
  onClaim: () => void;
  onRelease: () => void;
}) {
  const { actor } = useSession();
  const { study } = props;
  const t = useT();
  const label = useLabel();
  const status = STUDY_STATUS[study.status] ?? {
    label: study.status,
    en: study.status,
    color: '#595959',
  };
  const suggested = study.suggestedPriority;
  const canClaim =
    study.status === 'QUEUED' && !!study.centerId && actor.centerIds.includes(study.centerId);

  const lease = props.held ? (
    <Space wrap>
      <span>{t('heldLease', { t: beijing(props.leaseExpiresAt, 'HH:mm:ss') })}</span>
      <Popconfirm
        title={t('releaseQ')}
        description={t('releaseHint')}
        okText={t('releaseOk')}
        cancelText={t('cancel')}
        onConfirm={props.onRelease}
      >
        <Button size="small" loading={props.busy === 'release'}>
          {t('releaseBtn')}
        </Button>
      </Popconfirm>
    </Space>
  ) : study.lease ? (
    <span>
      {t('otherLease', {
        name: study.lease.readerName ?? '',
        t: beijing(study.lease.expiresAt, 'HH:mm:ss'),
      })}
    </span>
  ) : canClaim ? (
    <Button type="primary" size="small" loading={props.busy === 'claim'} onClick={props.onClaim}>
      {t('claimThis')}
    </Button>
  ) : (
    '—'
  );

  return (
    <Panel title={t('studyAndRequest')}>
      {study.returnedReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('returnedBefore', { r: study.returnedReason })}
        />
      )}
      <FactSheet testId="study-info">
        <Descriptions.Item label={t('colPatient')}>
          <PatientName patientId={study.patientId} detailed />
        </Descriptions.Item>
        <Descriptions.Item label={t('colInstitution')}>{props.institutionName}</Descriptions.Item>
        <Descriptions.Item label={t('fCenter')}>{props.centerName}</Descriptions.Item>
        <Descriptions.Item label={t('colStudy')}>
          <Tag>{study.modality ?? '—'}</Tag> {t('fStudyCount', { n: study.instanceCount })}
        </Descriptions.Item>
        <Descriptions.Item label={t('fStatus')}>
          <Tag color={status.color}>{label(status)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('colPriority')}>
          {study.priority ? (
            <Tag color={PRIORITY[study.priority].color}>{label(PRIORITY[study.priority])}</Tag>
          ) : (
            '—'
          )}
          {suggested && suggested !== study.priority && (
            <span>{t('analyzerSuggests', { p: label(PRIORITY[suggested]) })}</span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('fHistory')}>{study.clinicalHistory ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('fQuestion')}>{study.question ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('fRequestedAt')}>
          {beijing(study.requestedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('colDue')}>
          <Space wrap>
            {beijing(study.dueAt)}
            {['QUEUED', 'IN_PROGRESS', 'PRELIMINARY'].includes(study.status) && (
              <Countdown requestedAt={study.requestedAt} dueAt={study.dueAt} />
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('fLease')}>{lease}</Descriptions.Item>
      </FactSheet>
    </Panel>
  );
}
