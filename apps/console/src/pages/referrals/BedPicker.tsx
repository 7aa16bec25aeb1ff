import { Alert, Empty, Radio, Space, Spin, Typography } from 'antd';
import { problemText } from '../../api/client';
import { bedCounts, type PlacePickerProps, useBedsByWard } from './capacity-places';
import { useT } from './i18n';
import { useLabels } from './labels';
import { PoolUsage } from './PoolUsage';

/**
 * 住院床位: the receiver's beds per ward with the REFERRAL pool's use (≥ 1/4 reserved by
 * policy), free beds as buttons. As with slots, the hold is made when the referral is sent.
 */
export function BedPicker(props: PlacePickerProps) {
  const { institutionId, departmentId, patientId } = props;
  const { beds, wards } = useBedsByWard({ institutionId, departmentId, patientId }, [
    institutionId,
    departmentId,
    patientId,
  ]);
  const t = useT();
  const { POOL } = useLabels();
  const wardName = (id: string) => props.departments.find((d) => d.id === id)?.name ?? t('ward');

  if (beds.loading) return <Spin />;
  if (beds.error)
    return (
      <Alert type="error" showIcon title={t('bedsFailed', { problem: problemText(beds.error) })} />
    );
  if (wards.length === 0) return <Empty description={t('noBeds')} />;
  return (
    <Radio.Group
      aria-label={t('inpatientBed')}
      value={props.value}
      onChange={(e) => props.onChange?.(e.target.value)}
      style={{ width: '100%' }}
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        {wards.map(({ id: wardId, list }) => {
          const referral = list.filter((b) => b.pool === 'REFERRAL');
          const open = list.filter((b) => b.status !== 'CLOSED');
          return (
            <div key={wardId}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {wardName(wardId)}
              </Typography.Title>
              <Space size="large" wrap align="start">
                <PoolUsage
                  label={t('referralBeds')}
                  unit={t('bedUnit')}
                  counts={bedCounts(referral)}
                  share={
                    props.minShare !== undefined && open.length
                      ? {
                          value: referral.filter((b) => b.status !== 'CLOSED').length / open.length,
                          required: props.minShare,
                        }
                      : undefined
                  }
                />
                <PoolUsage
                  label={t('generalBeds')}
                  unit={t('bedUnit')}
                  counts={bedCounts(list.filter((b) => b.pool === 'GENERAL'))}
                  color="#bfbfbf"
                />
              </Space>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
                {list
                  .filter((b) => b.status === 'AVAILABLE')
                  .map((b) => (
                    <Radio.Button key={b.id} value={b.id} data-testid={`bed-${b.pool}`}>
                      {t('bedNumber', { n: b.number })} · {POOL[b.pool].label}
                      {b.sexRestriction
                        ? `（${b.sexRestriction === 'male' ? t('male') : t('female')}）`
                        : ''}
                    </Radio.Button>
                  ))}
              </div>
            </div>
          );
        })}
      </Space>
    </Radio.Group>
  );
}
