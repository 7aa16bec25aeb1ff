import { useMemo, useState } from 'react';
import { Alert, DatePicker, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import { beijing } from '../../../i18n/locale';
import { type PlaceCounts, PoolUsage, sumPlaces } from '../../referrals/PoolUsage';
import type { Department } from '../../referrals/use-directory';
import { placesQuery } from '../../referrals/capacity-places';
import { TONE } from '../../referrals/labels';
import { useT } from './i18n';

interface DayRow {
  key: string;
  date: string;
  departmentId: string;
  referral: PlaceCounts;
  general: PlaceCounts;
  compliance?: { share: number; required: number; compliant: boolean };
}

/**
 * 已发布号源: per day and department, the REFERRAL and GENERAL places and their use (held,
 * booked, free as the slots report them) next to the reserved share the compliance check
 * computes (released slots still count as reserved there).
 */
export function SlotsOverview(props: {
  institutionId: string;
  departments: Department[];
  version: number;
}) {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(), dayjs().add(13, 'day')]);
  const [from, to] = [range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')];
  const deps = [props.institutionId, from, to, props.version];
  const slots = useLoad(
    () =>
      api.GET(
        '/api/v1/capacity/slots',
        placesQuery(
          { institutionId: props.institutionId },
          dayjs.tz(from),
          dayjs.tz(to).add(1, 'day'),
        ),
      ),
    deps,
  );
  const compliance = useLoad(
    () =>
      api.GET('/api/v1/capacity/compliance', {
        params: { query: { institutionId: props.institutionId, fromDate: from, toDate: to } },
      }),
    deps,
  );
  const rows = useMemo<DayRow[]>(() => {
    const groups = new Map<string, NonNullable<typeof slots.data>['items']>();
    for (const s of slots.data?.items ?? []) {
      const key = `${beijing(s.startsAt, 'YYYY-MM-DD')}|${s.departmentId}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    return [...groups.entries()].map(([key, list]) => {
      const [date, departmentId] = key.split('|');
      const c = compliance.data?.rows.find(
        (r) => r.kind === 'SLOTS' && r.date === date && r.departmentId === departmentId,
      );
      return {
        key,
        date,
        departmentId,
        referral: sumPlaces(list.filter((s) => s.pool === 'REFERRAL')),
        general: sumPlaces(list.filter((s) => s.pool === 'GENERAL')),
        compliance: c,
      };
    });
  }, [slots.data, compliance.data]);
  const t = useT();
  const deptName = (id: string) => props.departments.find((d) => d.id === id)?.name ?? '—';

  return (
    <Panel
      title={t('slotsTitle')}
      error={slots.error}
      onRetry={slots.reload}
      extra={
        <DatePicker.RangePicker
          aria-label={t('dateRangeView')}
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
      }
    >
      {compliance.error !== undefined && (
        <Alert type="warning" showIcon title={t('shareUnavailable')} style={{ marginBottom: 8 }} />
      )}
      {(slots.data?.items.length ?? 0) >= 500 && (
        <Alert type="info" showIcon title={t('tooMany')} style={{ marginBottom: 8 }} />
      )}
      <Table<DayRow>
        size="small"
        loading={slots.loading}
        dataSource={rows}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        locale={{ emptyText: t('noSlots') }}
        columns={[
          {
            title: t('colDate'),
            key: 'date',
            width: 110,
            render: (_, r) => dayjs(r.date).format('MM-DD ddd'),
          },
          {
            title: t('colDept'),
            key: 'dept',
            width: 110,
            render: (_, r) => deptName(r.departmentId),
          },
          {
            title: t('referralSlots'),
            key: 'referral',
            render: (_, r) => <PoolUsage label={t('referral')} counts={r.referral} />,
          },
          {
            title: t('generalSlots'),
            key: 'general',
            render: (_, r) => <PoolUsage label={t('general')} counts={r.general} color="#bfbfbf" />,
          },
          {
            title: t('colShare'),
            key: 'share',
            width: 150,
            render: (_, r) =>
              r.compliance ? (
                <Tag color={r.compliance.compliant ? TONE.green : TONE.red}>
                  {(r.compliance.share * 100).toFixed(1)}% / {t('required')}{' '}
                  {(r.compliance.required * 100).toFixed(1)}%
                </Tag>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Panel>
  );
}
