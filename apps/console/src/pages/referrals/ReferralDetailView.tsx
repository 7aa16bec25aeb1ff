import { Alert, Button, Descriptions, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { api, problemText } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { beijing } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { HoldDialog } from './HoldDialog';
import { FOLLOW_UP_STATUS, RESERVATION, STATUS, TONE, type ReferralStatus } from './labels';

/**
 * One referral in full (the expanded row): diagnoses and reason, the held or booked place, the
 * completion summary the sender reads, the follow-up, and every transition (who, when, why).
 */
export function ReferralDetailView(props: { id: string; version: string; onChanged: () => void }) {
  const { actor } = useSession();
  const [holding, setHolding] = useState(false);
  // `version` (the row's updatedAt) reloads the detail when the list sees the referral change.
  const detail = useLoad(
    () => api.GET('/api/v1/referrals/{id}', { params: { path: { id: props.id } } }),
    [props.id, props.version],
  );
  if (detail.loading) return <Spin />;
  if (detail.error) return <Alert type="error" showIcon title={problemText(detail.error)} />;
  const r = detail.data!;
  const place = r.reservation;
  const canHold =
    r.fromInstitutionId === actor.institutionId &&
    r.status === 'SUBMITTED' &&
    (!place || place.status === 'RELEASED' || place.status === 'CONSUMED');
  return (
    <div data-testid="referral-detail">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'dx', label: '诊断', children: r.diagnoses.join('、') },
          { key: 'reason', label: '转诊原因', children: r.reason },
          ...(r.clinicalSummary
            ? [{ key: 'cs', label: '病情摘要', children: r.clinicalSummary }]
            : []),
          ...(r.justification
            ? [{ key: 'j', label: '目录外理由', children: r.justification }]
            : []),
          {
            key: 'place',
            label: '预留',
            children: place ? (
              <span>
                {place.kind === 'SLOT' ? '门诊号源' : '住院床位'}{' '}
                <Tag color={place.status === 'HELD' ? TONE.orange : TONE.blue}>
                  {RESERVATION[place.status]}
                </Tag>
                {place.startsAt && `就诊 ${beijing(place.startsAt)} `}
                {place.status === 'HELD' && place.expiresAt && `保留至 ${beijing(place.expiresAt)}`}
                {place.emergency && <Tag color={TONE.red}>急诊保留</Tag>}
              </span>
            ) : (
              '未预留'
            ),
          },
          { key: 'due', label: '应答截止', children: beijing(r.respondBy) },
          ...(r.completionSummary
            ? [{ key: 'sum', label: '诊疗小结', children: r.completionSummary }]
            : []),
          ...(r.followUp
            ? [
                {
                  key: 'fu',
                  label: '随访',
                  children: `${beijing(r.followUp.dueAt, 'YYYY-MM-DD')} ${
                    FOLLOW_UP_STATUS[r.followUp.status as keyof typeof FOLLOW_UP_STATUS]?.label ??
                    r.followUp.status
                  }`,
                },
              ]
            : []),
          { key: 'fhir', label: 'FHIR Task', children: r.fhirTaskStatus },
        ]}
      />
      {canHold && (
        <Button style={{ margin: '8px 0' }} onClick={() => setHolding(true)}>
          重新保留号源 / 床位
        </Button>
      )}
      <Typography.Title level={5}>流转记录</Typography.Title>
      <Timeline
        items={r.transitions.map((t) => ({
          title: beijing(t.at),
          content: (
            <span>
              {STATUS[t.toStatus as ReferralStatus]?.label ?? t.toStatus} · {t.actorName}
              {t.reason ? `：${t.reason}` : ''}
            </span>
          ),
        }))}
      />
      <HoldDialog
        open={holding}
        referral={r}
        onClose={() => setHolding(false)}
        onHeld={() => {
          setHolding(false);
          detail.reload();
          props.onChanged();
        }}
      />
    </div>
  );
}
