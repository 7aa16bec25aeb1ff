import { Col, Descriptions, Row } from 'antd';
import { Panel } from '../../../components/Panel';
import { both, ChartPanel, type ChartContent, type Loaded } from './ChartPanel';
import { DOWN_COLOR, hours, num, pct, UP_COLOR } from './format';
import type { MonthOfReferrals, ReferralIndicators } from './use-indicators';

const STATUS_LABELS: Record<string, string> = {
  SUBMITTED: '待接收',
  REJECTED: '已拒绝',
  REDIRECTED: '已改派',
  CANCELLED: '已取消',
  EXPIRED: '已过期',
  NO_SHOW: '未到院',
};

const bars = (name: string, data: (number | null)[], color: string) => ({
  name,
  type: 'bar' as const,
  data,
  itemStyle: { color },
  label: { show: true, position: 'top' as const },
});

/** 上转/下转 per month (seed 001 五(三)): accepted, not called-off referrals by submission month. */
function upDown([months, total]: [MonthOfReferrals[], ReferralIndicators]): ChartContent {
  return {
    option: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: months.map((m) => m.label) },
      yAxis: { type: 'value', name: '例', minInterval: 1 },
      series: [
        bars(
          '上转',
          months.map((m) => m.indicators.upCount),
          UP_COLOR,
        ),
        bars(
          '下转',
          months.map((m) => m.indicators.downCount),
          DOWN_COLOR,
        ),
      ],
    },
    label: `每月上转与下转例数柱状图。期间合计上转 ${total.upCount} 例、下转 ${total.downCount} 例。${months
      .map((m) => `${m.label}：上转 ${m.indicators.upCount}、下转 ${m.indicators.downCount}`)
      .join('；')}`,
    caption: '每月上转、下转例数（已接收且未撤销的转诊，按提交月份）',
    columns: ['月份', '上转', '下转', '上下转比'],
    rows: [
      ...months.map((m) => [
        m.label,
        m.indicators.upCount,
        m.indicators.downCount,
        num(m.indicators.upDownRatio),
      ]),
      ['期间合计', total.upCount, total.downCount, num(total.upDownRatio)],
    ],
  };
}

/** Acceptance minutes (submission → accepted), green channel excluded, per month and overall. */
function acceptance([months, total]: [MonthOfReferrals[], ReferralIndicators]): ChartContent {
  const line = (name: string, key: 'p50' | 'p90', color: string) => ({
    name,
    type: 'line' as const,
    // Months without an accepted referral have no figure: a gap, not a zero.
    connectNulls: false,
    symbolSize: 8,
    data: months.map((m) => hours(m.indicators.acceptanceMinutes[key])),
    itemStyle: { color },
    label: { show: true },
  });
  const a = total.acceptanceMinutes;
  return {
    option: {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (v === null ? '无数据' : `${String(v)} 小时`),
      },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: months.map((m) => m.label) },
      yAxis: { type: 'value', name: '小时' },
      series: [line('中位数（p50）', 'p50', UP_COLOR), line('p90', 'p90', DOWN_COLOR)],
    },
    label: `每月转诊接收时长折线图（小时）。期间中位数 ${num(hours(a.p50))} 小时，p90 ${num(hours(a.p90))} 小时。`,
    caption: '转诊接收时长（分钟，从提交到接收；绿色通道不计）',
    empty: months.every((m) => m.indicators.acceptanceMinutes.p50 === null),
    columns: ['月份', '中位数 p50', 'p90', 'p99'],
    rows: [
      ...months.map((m) => {
        const x = m.indicators.acceptanceMinutes;
        return [m.label, num(x.p50), num(x.p90), num(x.p99)];
      }),
      ['期间合计', num(a.p50), num(a.p90), num(a.p99)],
    ],
  };
}

/** Reserved-share compliance (seed 004 四(八)4): share of department-days meeting the quota. */
function compliance(r: ReferralIndicators): ChartContent {
  const { slots, beds } = r.reservedShareCompliance;
  const kinds = [
    { name: '门诊号源', c: slots },
    { name: '住院床位', c: beds },
  ];
  return {
    option: {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 72, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: kinds.map((k) => k.name) },
      yAxis: { type: 'value', name: '达标率 %', min: 0, max: 100 },
      series: [
        {
          name: '达标天数占比',
          type: 'bar',
          barWidth: 60,
          itemStyle: { color: UP_COLOR },
          data: kinds.map((k) => (k.c.rate === null ? null : Math.round(k.c.rate * 1000) / 10)),
          label: { show: true, position: 'top', formatter: '{c}%' },
          markLine: {
            symbol: 'none',
            data: [{ yAxis: 100, name: '目标：每天都达标' }],
            label: { formatter: '目标 100%' },
            lineStyle: { color: '#389e0d', type: 'dashed' },
          },
        },
      ],
    },
    label: `预留转诊号源与床位达标率柱状图。门诊号源 ${slots.compliantDays}/${slots.totalDays} 个科室日达到 ${pct(slots.required)}（${pct(slots.rate)}）；住院床位 ${beds.compliantDays}/${beds.totalDays} 个病区日达到 ${pct(beds.required)}（${pct(beds.rate)}）。`,
    caption: '预留给转诊的号源/床位占比达标情况（seed 004：牵头单位 ≥1/3 门诊号源、≥1/4 住院床位）',
    empty: slots.totalDays + beds.totalDays === 0,
    columns: ['类别', '要求占比', '达标天数', '统计天数', '达标率'],
    rows: kinds.map((k) => [
      k.name,
      pct(k.c.required),
      k.c.compliantDays,
      k.c.totalDays,
      pct(k.c.rate),
    ]),
  };
}

export function ReferralPanels(props: {
  referrals: Loaded<ReferralIndicators>;
  monthly: Loaded<MonthOfReferrals[]>;
}) {
  const perMonth = both(props.monthly, props.referrals);
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <ChartPanel id="up-down" title="每月上转 / 下转" state={perMonth} build={upDown} />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel id="acceptance" title="转诊接收时长" state={perMonth} build={acceptance} />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="compliance"
          title="号源 / 床位下沉达标"
          note="按科室（号源）和病区（床位）逐日判断转诊池占比是否达到 seed 004 的要求。"
          state={props.referrals}
          build={compliance}
        />
      </Col>
      <Col xs={24} xl={12}>
        <OtherReferralFigures state={props.referrals} />
      </Col>
    </Row>
  );
}

/** The referral figures that need no chart: no-shows, green channel, catalog, seed 002. */
function OtherReferralFigures({ state }: { state: Loaded<ReferralIndicators> }) {
  const r = state.data;
  return (
    <Panel title="其他转诊指标" loading={state.loading} error={state.error} onRetry={state.reload}>
      {r && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="爽约率（未到院 / 应到院）">
            {pct(r.noShowRate)}
          </Descriptions.Item>
          <Descriptions.Item label="绿色通道转诊">{r.greenChannelCount} 例</Descriptions.Item>
          <Descriptions.Item label="目录外转诊">{r.outOfCatalogCount} 例</Descriptions.Item>
          <Descriptions.Item label="签约居民住院转介（seed 002 四(三) 分子）">
            {r.familyDoctorInpatientReferrals.signedResidentsReferred} /{' '}
            {r.familyDoctorInpatientReferrals.inpatientReferrals} 例住院转诊（
            {pct(r.familyDoctorInpatientReferrals.share)}）
          </Descriptions.Item>
          <Descriptions.Item label="未计入的转诊（按状态）">
            {Object.entries(r.notCounted)
              .map(([s, n]) => `${STATUS_LABELS[s] ?? s} ${n}`)
              .join('，') || '无'}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Panel>
  );
}
