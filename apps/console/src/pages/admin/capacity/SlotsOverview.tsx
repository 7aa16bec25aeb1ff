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
import { TONE } from '../../referrals/labels';

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
      api.GET('/api/v1/capacity/slots', {
        params: {
          query: {
            institutionId: props.institutionId,
            from: dayjs.tz(from).toISOString(),
            to: dayjs.tz(to).add(1, 'day').toISOString(),
            onlyFree: false,
          },
        },
      }),
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
  const deptName = (id: string) => props.departments.find((d) => d.id === id)?.name ?? '—';

  return (
    <Panel
      title="已发布门诊号源（按日）"
      error={slots.error}
      onRetry={slots.reload}
      extra={
        <DatePicker.RangePicker
          aria-label="查看日期范围"
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
      }
    >
      {compliance.error !== undefined && (
        <Alert type="warning" showIcon title="预留占比暂无法计算" style={{ marginBottom: 8 }} />
      )}
      {(slots.data?.items.length ?? 0) >= 500 && (
        <Alert
          type="info"
          showIcon
          title="号源较多，只显示前 500 个；请缩短日期范围"
          style={{ marginBottom: 8 }}
        />
      )}
      <Table<DayRow>
        size="small"
        loading={slots.loading}
        dataSource={rows}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        locale={{ emptyText: '该范围内没有已发布的号源（已开始的号源不再显示）' }}
        columns={[
          {
            title: '日期',
            key: 'date',
            width: 110,
            render: (_, r) => dayjs(r.date).format('MM-DD ddd'),
          },
          { title: '科室', key: 'dept', width: 110, render: (_, r) => deptName(r.departmentId) },
          {
            title: '转诊预留号源',
            key: 'referral',
            render: (_, r) => <PoolUsage label="转诊" counts={r.referral} />,
          },
          {
            title: '普通号源',
            key: 'general',
            render: (_, r) => <PoolUsage label="普通" counts={r.general} color="#bfbfbf" />,
          },
          {
            title: '预留占比',
            key: 'share',
            width: 150,
            render: (_, r) =>
              r.compliance ? (
                <Tag color={r.compliance.compliant ? TONE.green : TONE.red}>
                  {(r.compliance.share * 100).toFixed(1)}% / 要求{' '}
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
