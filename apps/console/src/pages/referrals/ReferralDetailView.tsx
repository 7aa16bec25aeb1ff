import { Alert, Button, Descriptions, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { api, problemText } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { beijing } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { HoldDialog } from './HoldDialog';
import { useT } from './i18n';
import { TONE, type ReferralStatus, useLabels } from './labels';

/**
 * One referral in full (the expanded row): diagnoses and reason, the held or booked place, the
 * completion summary the sender reads, the follow-up, and every transition (who, when, why).
 */
export function ReferralDetailView(props: { id: string; version: string; onChanged: () => void }) {
  const { actor } = useSession();
  const [holding, setHolding] = useState(false);
  const t = useT();
  const { FOLLOW_UP_STATUS, RESERVATION, STATUS } = useLabels();
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
          { key: 'dx', label: t('dxLabel'), children: r.diagnoses.join('、') },
          { key: 'reason', label: t('reasonLabel'), children: r.reason },
          ...(r.clinicalSummary
            ? [{ key: 'cs', label: t('clinicalSummary'), children: r.clinicalSummary }]
            : []),
          ...(r.justification
            ? [{ key: 'j', label: t('justification'), children: r.justification }]
            : []),
          {
            key: 'place',
            label: t('hold'),
            children: place ? (
              <span>
                {place.kind === 'SLOT' ? t('outpatientSlot') : t('inpatientBed')}{' '}
                <Tag color={place.status === 'HELD' ? TONE.orange : TONE.blue}>
                  {RESERVATION[place.status]}
                </Tag>
                {place.startsAt && t('visitAt', { at: beijing(place.startsAt) })}
                {place.status === 'HELD' &&
                  place.expiresAt &&
                  t('heldUntil', { at: beijing(place.expiresAt) })}
                {place.emergency && <Tag color={TONE.red}>{t('emergencyHold')}</Tag>}
              </span>
            ) : (
              t('noHold')
            ),
          },
          { key: 'due', label: t('respondBy'), children: beijing(r.respondBy) },
          ...(r.completionSummary
            ? [{ key: 'sum', label: t('completionSummary'), children: r.completionSummary }]
            : []),
          ...(r.followUp
            ? [
                {
                  key: 'fu',
                  label: t('followUp'),
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
          {t('rehold')}
        </Button>
      )}
      <Typography.Title level={5}>{t('history')}</Typography.Title>
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
