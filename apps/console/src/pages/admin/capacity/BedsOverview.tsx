import { useMemo } from 'react';
import { Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { type Answer, api } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { TONE, useLabels } from '../../referrals/labels';
import { type PlaceCounts, PoolUsage } from '../../referrals/PoolUsage';
import type { Department } from '../../referrals/use-directory';
import { useT } from './i18n';

type Bed = Answer<'/api/v1/capacity/beds', 'get'>['items'][number];

function counts(beds: Bed[]): PlaceCounts {
  const n = (s: string) => beds.filter((b) => b.status === s).length;
  return {
    capacity: beds.filter((b) => b.status !== 'CLOSED').length,
    held: n('HELD'),
    booked: n('BOOKED') + n('OCCUPIED'),
    free: n('AVAILABLE'),
  };
}

/** 已发布床位: per ward, the REFERRAL and GENERAL beds, their use, and the reserved share. */
export function BedsOverview(props: {
  institutionId: string;
  departments: Department[];
  minShare?: number;
  version: number;
}) {
  const beds = useLoad(
    () =>
      api.GET('/api/v1/capacity/beds', {
        params: {
          query: {
            institutionId: props.institutionId,
            from: dayjs().toISOString(),
            to: dayjs().add(1, 'day').toISOString(),
            onlyFree: false,
          },
        },
      }),
    [props.institutionId, props.version],
  );
  const wards = useMemo(() => {
    const map = new Map<string, Bed[]>();
    for (const b of beds.data?.items ?? [])
      map.set(b.departmentId, [...(map.get(b.departmentId) ?? []), b]);
    return [...map.entries()].map(([id, list]) => ({ id, list }));
  }, [beds.data]);
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
                counts={counts(w.list.filter((b) => b.pool === 'REFERRAL'))}
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
                counts={counts(w.list.filter((b) => b.pool === 'GENERAL'))}
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
