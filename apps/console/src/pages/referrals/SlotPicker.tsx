import { useMemo, useState } from 'react';
import { Alert, Empty, Radio, Segmented, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { type Answer, api, problemText } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { beijing } from '../../i18n/locale';
import { useT } from './i18n';
import { useLabels } from './labels';
import { type PlacePickerProps, placesQuery } from './capacity-places';
import { PoolUsage, sumPlaces } from './PoolUsage';

type Slot = Answer<'/api/v1/capacity/slots', 'get'>['items'][number];
const DAYS = 14;

/**
 * 门诊号源: the receiver's slots for the next two weeks as a strip of days (with the REFERRAL
 * places left each day), the chosen day's pool use as the API reports it, and its slots as
 * buttons. Choosing one does not hold it yet: the referral holds it when it is submitted, in
 * the same transaction, so nothing is held for a referral that is never sent.
 */
export function SlotPicker(props: PlacePickerProps) {
  const [pool, setPool] = useState<'REFERRAL' | 'ALL'>('REFERRAL');
  const [day, setDay] = useState<string>();
  const t = useT();
  const { POOL } = useLabels();
  const from = dayjs().tz().startOf('day');
  const { institutionId, departmentId, patientId } = props;
  const slots = useLoad(
    () =>
      api.GET(
        '/api/v1/capacity/slots',
        placesQuery({ institutionId, departmentId, patientId }, from, from.add(DAYS, 'day')),
      ),
    [institutionId, departmentId, patientId],
  );
  const byDay = useMemo(() => {
    const days = new Map<string, Slot[]>();
    for (const s of slots.data?.items ?? []) {
      const d = beijing(s.startsAt, 'YYYY-MM-DD');
      days.set(d, [...(days.get(d) ?? []), s]);
    }
    return days;
  }, [slots.data]);
  const deptName = (id: string) => props.departments.find((d) => d.id === id)?.name ?? '';

  if (slots.loading) return <Spin />;
  if (slots.error)
    return (
      <Alert
        type="error"
        showIcon
        title={t('slotsFailed', { problem: problemText(slots.error) })}
      />
    );
  if (byDay.size === 0) return <Empty description={t('noSlots', { n: DAYS })} />;
  const chosenDay = day && byDay.has(day) ? day : [...byDay.keys()][0];
  const daySlots = byDay.get(chosenDay) ?? [];
  const referral = daySlots.filter((s) => s.pool === 'REFERRAL');
  const general = daySlots.filter((s) => s.pool === 'GENERAL');
  const total = sumPlaces(daySlots).capacity;
  const shown = pool === 'REFERRAL' ? referral : daySlots;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Radio.Group
        aria-label={t('visitDate')}
        optionType="button"
        value={chosenDay}
        onChange={(e) => setDay(e.target.value)}
        options={[...byDay.entries()].map(([d, list]) => ({
          value: d,
          label: t('dayTab', {
            day: dayjs(d).format('MM-DD ddd'),
            n: sumPlaces(list.filter((s) => s.pool === 'REFERRAL')).free,
          }),
        }))}
      />
      <Space size="large" wrap align="start">
        <PoolUsage
          label={t('referralSlots')}
          counts={sumPlaces(referral)}
          share={
            props.minShare !== undefined && total
              ? { value: sumPlaces(referral).capacity / total, required: props.minShare }
              : undefined
          }
        />
        <PoolUsage label={t('generalSlots')} counts={sumPlaces(general)} color="#bfbfbf" />
      </Space>
      <Segmented
        aria-label={t('slotPool')}
        value={pool}
        onChange={(v) => setPool(v as 'REFERRAL' | 'ALL')}
        options={[
          { value: 'REFERRAL', label: t('onlyReferral') },
          { value: 'ALL', label: t('allSlots') },
        ]}
      />
      {shown.length === 0 ? (
        <Typography.Text type="secondary">{t('noReferralSlots')}</Typography.Text>
      ) : (
        <Radio.Group
          aria-label={t('outpatientSlot')}
          value={props.value}
          onChange={(e) => props.onChange?.(e.target.value)}
          style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
        >
          {shown.map((s) => (
            <Radio.Button
              key={s.id}
              value={s.id}
              disabled={s.free <= 0}
              data-testid={`slot-${s.pool}`}
              style={{ height: 'auto', lineHeight: 1.4, padding: '4px 10px' }}
            >
              {beijing(s.startsAt, 'HH:mm')}–{beijing(s.endsAt, 'HH:mm')} {deptName(s.departmentId)}
              {s.doctorName ? ` ${s.doctorName}` : ''}
              <br />
              {POOL[s.pool].label} · {t('slotLeft', { free: s.free, capacity: s.capacity })}
            </Radio.Button>
          ))}
        </Radio.Group>
      )}
    </Space>
  );
}
