import { Col, Descriptions, Row } from 'antd';
import { Panel } from '../../../components/Panel';
import { both, ChartPanel, type ChartContent, type Loaded } from './ChartPanel';
import { bars, hoursTooltip } from './chart-parts';
import { DOWN_COLOR, hours, num, pct, UP_COLOR } from './format';
import type { MonthOfReferrals, ReferralIndicators } from './use-indicators';
import { type AdminKey, type T, useT } from '../i18n';

const STATUSES = ['SUBMITTED', 'REJECTED', 'REDIRECTED', 'CANCELLED', 'EXPIRED', 'NO_SHOW'];
const statusLabel = (t: T, s: string) => (STATUSES.includes(s) ? t(`status${s}` as AdminKey) : s);

/** 上转/下转 per month (seed 001 五(三)): accepted, not called-off referrals by submission month. */
function upDown([months, total]: [MonthOfReferrals[], ReferralIndicators], t: T): ChartContent {
  return {
    option: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: months.map((m) => m.label) },
      yAxis: { type: 'value', name: t('casesAxis'), minInterval: 1 },
      series: [
        bars(
          t('upReferral'),
          months.map((m) => m.indicators.upCount),
          UP_COLOR,
        ),
        bars(
          t('downReferral'),
          months.map((m) => m.indicators.downCount),
          DOWN_COLOR,
        ),
      ],
    },
    label: t('upDownLabel', {
      up: total.upCount,
      down: total.downCount,
      months: months
        .map((m) =>
          t('upDownMonth', {
            m: m.label,
            up: m.indicators.upCount,
            down: m.indicators.downCount,
          }),
        )
        .join(t('partSep')),
    }),
    caption: t('upDownCaption'),
    columns: [t('month'), t('upReferral'), t('downReferral'), t('upDownRatio')],
    rows: [
      ...months.map((m) => [
        m.label,
        m.indicators.upCount,
        m.indicators.downCount,
        num(m.indicators.upDownRatio),
      ]),
      [t('periodTotal'), total.upCount, total.downCount, num(total.upDownRatio)],
    ],
  };
}

/** Acceptance minutes (submission → accepted), green channel excluded, per month and overall. */
function acceptance([months, total]: [MonthOfReferrals[], ReferralIndicators], t: T): ChartContent {
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
      tooltip: hoursTooltip(t),
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: months.map((m) => m.label) },
      yAxis: { type: 'value', name: t('hoursAxis') },
      series: [line(t('median'), 'p50', UP_COLOR), line('p90', 'p90', DOWN_COLOR)],
    },
    label: t('acceptanceLabel', { p50: num(hours(a.p50)), p90: num(hours(a.p90)) }),
    caption: t('acceptanceCaption'),
    empty: months.every((m) => m.indicators.acceptanceMinutes.p50 === null),
    columns: [t('month'), t('medianP50'), 'p90', 'p99'],
    rows: [
      ...months.map((m) => {
        const x = m.indicators.acceptanceMinutes;
        return [m.label, num(x.p50), num(x.p90), num(x.p99)];
      }),
      [t('periodTotal'), num(a.p50), num(a.p90), num(a.p99)],
    ],
  };
}

/** Reserved-share compliance (seed 004 四(八)4): share of department-days meeting the quota. */
function compliance(r: ReferralIndicators, t: T): ChartContent {
  const { slots, beds } = r.reservedShareCompliance;
  const kinds = [
    { name: t('slotsKind'), c: slots },
    { name: t('bedsKind'), c: beds },
  ];
  return {
    option: {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 72, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: kinds.map((k) => k.name) },
      yAxis: { type: 'value', name: t('complianceAxis'), min: 0, max: 100 },
      series: [
        {
          name: t('complianceSeries'),
          type: 'bar',
          barWidth: 60,
          itemStyle: { color: UP_COLOR },
          data: kinds.map((k) => (k.c.rate === null ? null : Math.round(k.c.rate * 1000) / 10)),
          label: { show: true, position: 'top', formatter: '{c}%' },
          markLine: {
            symbol: 'none',
            data: [{ yAxis: 100, name: t('complianceTarget') }],
            label: { formatter: t('complianceTargetShort') },
            lineStyle: { color: '#389e0d', type: 'dashed' },
          },
        },
      ],
    },
    label: t('complianceLabel', {
      sd: slots.compliantDays,
      st: slots.totalDays,
      sr: pct(slots.required),
      srate: pct(slots.rate),
      bd: beds.compliantDays,
      bt: beds.totalDays,
      br: pct(beds.required),
      brate: pct(beds.rate),
    }),
    caption: t('complianceCaption'),
    empty: slots.totalDays + beds.totalDays === 0,
    columns: [
      t('category'),
      t('requiredShare'),
      t('compliantDays'),
      t('countedDays'),
      t('complianceRate'),
    ],
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
  const t = useT();
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="up-down"
          title={t('upDownTitle')}
          state={perMonth}
          build={(d) => upDown(d, t)}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="acceptance"
          title={t('acceptanceTitle')}
          state={perMonth}
          build={(d) => acceptance(d, t)}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="compliance"
          title={t('complianceTitle')}
          note={t('complianceNote')}
          state={props.referrals}
          build={(d) => compliance(d, t)}
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
  const t = useT();
  return (
    <Panel
      title={t('otherReferrals')}
      loading={state.loading}
      error={state.error}
      onRetry={state.reload}
    >
      {r && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('noShowRate')}>{pct(r.noShowRate)}</Descriptions.Item>
          <Descriptions.Item label={t('greenChannel')}>
            {t('cases', { n: r.greenChannelCount })}
          </Descriptions.Item>
          <Descriptions.Item label={t('outOfCatalog')}>
            {t('cases', { n: r.outOfCatalogCount })}
          </Descriptions.Item>
          <Descriptions.Item label={t('familyDoctor')}>
            {t('familyDoctorValue', {
              a: r.familyDoctorInpatientReferrals.signedResidentsReferred,
              b: r.familyDoctorInpatientReferrals.inpatientReferrals,
              share: pct(r.familyDoctorInpatientReferrals.share),
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('notCounted')}>
            {Object.entries(r.notCounted)
              .map(([s, n]) => `${statusLabel(t, s)} ${n}`)
              .join(t('listSep')) || t('none')}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Panel>
  );
}
