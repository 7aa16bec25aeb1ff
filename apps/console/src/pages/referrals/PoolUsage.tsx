import { Progress, Space, Typography } from 'antd';
import { useT } from './i18n';

export interface PlaceCounts {
  capacity: number;
  held: number;
  booked: number;
  free: number;
}

export const NO_PLACES: PlaceCounts = { capacity: 0, held: 0, booked: 0, free: 0 };

/** Sums of the places of many slots (each as the API reports capacity, held, booked, free). */
export function sumPlaces(slots: PlaceCounts[]): PlaceCounts {
  return slots.reduce(
    (t, s) => ({
      capacity: t.capacity + s.capacity,
      held: t.held + s.held,
      booked: t.booked + s.booked,
      free: t.free + s.free,
    }),
    { ...NO_PLACES },
  );
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/**
 * One pool's use: a bar of booked (solid) and held (light) places over the capacity, with the
 * places left in words. With `share`, the pool's share of the day against the policy minimum.
 */
export function PoolUsage(props: {
  label: string;
  counts: PlaceCounts;
  unit?: string;
  share?: { value: number; required: number };
  color?: string;
}) {
  const t = useT();
  const { counts, share } = props;
  const unit = props.unit ?? t('slotUnit');
  const used = counts.held + counts.booked;
  const short = share && share.value + 1e-9 < share.required;
  return (
    <div style={{ minWidth: 260 }}>
      <Space size={8} wrap>
        <Typography.Text strong>{props.label}</Typography.Text>
        <Typography.Text>
          {t('left', { free: counts.free, capacity: counts.capacity, unit })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('heldBooked', { held: counts.held, booked: counts.booked })}
        </Typography.Text>
      </Space>
      <Progress
        aria-label={t('usedOf', { label: props.label, used, capacity: counts.capacity })}
        percent={counts.capacity ? Math.round((used / counts.capacity) * 100) : 0}
        success={{
          percent: counts.capacity ? Math.round((counts.booked / counts.capacity) * 100) : 0,
        }}
        strokeColor={props.color ?? '#85a5ff'}
        format={() => t('used', { used })}
        size="small"
      />
      {share && (
        <Typography.Text type={short ? 'danger' : 'secondary'}>
          {t('share', { value: pct(share.value), required: pct(share.required) })}
          {short ? t('short') : ''}
        </Typography.Text>
      )}
    </div>
  );
}
