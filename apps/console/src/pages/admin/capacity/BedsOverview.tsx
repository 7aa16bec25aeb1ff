import { Table, Tag } from 'antd';
import { Panel } from '../../../components/Panel';
import { bedCounts, useBedsByWard } from '../../referrals/capacity-places';
import { TONE, useLabels } from '../../referrals/labels';
import { PoolUsage } from '../../referrals/PoolUsage';
import type { Department } from '../../referrals/use-directory';
import { useT } from './i18n';

/** 已发布床位: per ward, the REFERRAL and GENERAL beds, their use, and the reserved share. */
export function BedsOverview(props: {
  institutionId: string;
  departments: Department[];
  minShare?: number;
  version: number;
}) {
  const { beds, wards } = useBedsByWard({ institutionId: props.institutionId }, [
    props.institutionId,
    props.version,
  ]);
  const t = useT();
  const { BED_STATUS } = useLabels();
  const wardName = (id: string) => props.departments.find((d) => d.id === id)?.name ?? '—';

  return (
    <Panel title={t('bedsTitle')} error={beds.error} onRetry={beds.reload}>
      <Table
        size="small"
        rowKey="id"
        loading={beds.loading}
        dataSource={wards}
        pagination={false}
        locale={{ emptyText: t('noBeds') }}
        expandable={{
          expandedRowRender: (w) =>
            w.list.map((b) => (
              <Tag key={b.id} color={b.pool === 'REFERRAL' ? TONE.geekblue : TONE.default}>
                {t('bedLine', { n: b.number, status: BED_STATUS[b.status] ?? b.status })}
              </Tag>
            )),
        }}
        columns={[
          { title: t('ward'), key: 'ward', render: (_, w) => wardName(w.id) },
          {
            title: t('referralBeds'),
            key: 'referral',
            render: (_, w) => (
              <PoolUsage
                label={t('referral')}
                unit={t('bedUnit')}
                counts={bedCounts(w.list.filter((b) => b.pool === 'REFERRAL'))}
              />
            ),
          },
          {
            title: t('generalBeds'),
            key: 'general',
            render: (_, w) => (
              <PoolUsage
                label={t('general')}
                unit={t('bedUnit')}
                color="#bfbfbf"
                counts={bedCounts(w.list.filter((b) => b.pool === 'GENERAL'))}
              />
            ),
          },
          {
            title: t('colShare'),
            key: 'share',
            render: (_, w) => {
              const open = w.list.filter((b) => b.status !== 'CLOSED');
              const share = open.length
                ? open.filter((b) => b.pool === 'REFERRAL').length / open.length
                : 0;
              const ok = props.minShare === undefined || share + 1e-9 >= props.minShare;
              return (
                <Tag color={ok ? TONE.green : TONE.red}>
                  {(share * 100).toFixed(1)}%
                  {props.minShare !== undefined &&
                    t('requiredPct', { pct: `${(props.minShare * 100).toFixed(1)}%` })}
                </Tag>
              );
            },
          },
        ]}
      />
    </Panel>
  );
}
